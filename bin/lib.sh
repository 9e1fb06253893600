# Shared by bin/* scripts: JDK selection and the project-local Python tools. Source it; do not run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }

# Use JAVA_HOME or the java on PATH when it is 21 or newer, else the newest JDK >= 21 under /usr/lib/jvm.
select_java() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME="$candidate"; return 0; fi
  done
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "error: no JDK 21 or newer found (JAVA_HOME, PATH, /usr/lib/jvm). Install one, e.g. apt-get install openjdk-21-jdk-headless." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

# Creates or refreshes .venv from requirements-dev.txt (aws-sam-cli, moto[server], cfn-lint, checkov).
ensure_venv() {
  local venv="$ROOT/.venv" stamp="$ROOT/.venv/.requirements.sha256" want
  want=$(sha256sum "$ROOT/requirements-dev.txt" | cut -d' ' -f1)
  if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  echo "==> creating Python tools in .venv (aws-sam-cli, moto, cfn-lint, checkov)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$ROOT/requirements-dev.txt"
  echo "$want" > "$stamp"
}

# The handler class of functions/<name>: the one class there that implements RequestHandler.
handler_class() {
  local file
  file=$(grep -rl "implements RequestHandler" "$ROOT/functions/$1/src/main/java" | head -1)
  [ -n "$file" ] || { echo "error: no handler in functions/$1" >&2; return 1; }
  file=${file#"$ROOT/functions/$1/src/main/java/"}
  file=${file%.java}
  echo "${file//\//.}"
}

# Builds once (install, no tests) and writes shared-lib's test classpath; prints its path.
test_support_classpath() {
  local cp_file="$ROOT/.local/test-support-classpath.txt"
  mkdir -p "$ROOT/.local"
  (cd "$ROOT" && ./mvnw -q -B -ntp install -DskipTests &&
    ./mvnw -q -B -ntp -pl shared-lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file") >&2
  echo "$ROOT/shared-lib/target/test-classes:$ROOT/shared-lib/target/classes:$(cat "$cp_file")"
}

# The test classpath of functions/<name> (its test and main classes first), after test-compile.
module_test_classpath() {
  local m="$ROOT/functions/$1" cp_file="$ROOT/functions/$1/target/test-classpath.txt"
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl "functions/$1" -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file") >&2
  echo "$m/target/test-classes:$m/target/classes:$(cat "$cp_file")"
}

# Runs a main class from shared-lib's test sources (emulated AWS, local try, benchmarks) after building.
run_test_support() {
  local cp_file="$ROOT/.local/test-support-classpath.txt"
  mkdir -p "$ROOT/.local"
  (cd "$ROOT" && ./mvnw -q -B -ntp install -DskipTests &&
    ./mvnw -q -B -ntp -pl shared-lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file")
  exec "$JAVA_HOME/bin/java" -Dmoto.server="$ROOT/.venv/bin/moto_server" \
    -cp "$ROOT/shared-lib/target/test-classes:$ROOT/shared-lib/target/classes:$(cat "$cp_file")" "$@"
}
