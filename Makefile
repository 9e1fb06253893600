# Build targets for `sam build` (template.yaml: Metadata.BuildMethod: makefile, CodeUri: .).
#
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set; samconfig.toml turns on
# build_in_source, so this runs in the repository itself (no copy of .venv/, target/, .git/)
# and Maven's incremental build is reused between runs.
#
# Each function is one Maven module under functions/ whose shade plugin writes
# functions/<module>/target/<module>.jar. The jar goes to $(ARTIFACTS_DIR)/lib/, which the
# Lambda Java runtime puts on the classpath.
#
# Adding a function = one line here (and the function in template.yaml):
#   MODULE_<LogicalId> := <module directory name under functions/>
MODULE_PipelineStarterFunction := pipeline-starter
MODULE_ReleaseWatcherFunction := release-watcher
MODULE_AmiPublisherFunction := ami-publisher
MODULE_AllowedAmisEnforcerFunction := allowed-amis-enforcer
MODULE_LaunchAuditorFunction := launch-auditor
MODULE_InstanceReaperFunction := instance-reaper
MODULE_FleetReportFunction := fleet-report

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
MVNW := $(ROOT)/mvnw
MVN_FLAGS ?= -q -B
JDK_MIN := 21

# A JDK >= $(JDK_MIN) for Maven: $JAVA_HOME if it qualifies, else the JDK of `java` on PATH,
# else the newest JDK under /usr/lib/jvm. Computed once, and only when a build target runs.
define FIND_JDK_SH
major() { "$$1/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1; }; \
ok() { [ -x "$$1/bin/javac" ] && m=$$(major "$$1") && [ -n "$$m" ] && [ "$$m" -ge $(JDK_MIN) ]; }; \
if [ -n "$$JAVA_HOME" ] && ok "$$JAVA_HOME"; then echo "$$JAVA_HOME"; exit 0; fi; \
j=$$(command -v java) && h=$$(dirname "$$(dirname "$$(readlink -f "$$j")")") && ok "$$h" && { echo "$$h"; exit 0; }; \
best=; bestm=0; \
for d in /usr/lib/jvm/*; do \
  ok "$$d" || continue; m=$$(major "$$d"); \
  if [ "$$m" -gt "$$bestm" ]; then best=$$d; bestm=$$m; fi; \
done; \
echo "$$best"
endef
JDK_HOME = $(eval JDK_HOME := $(shell $(FIND_JDK_SH)))$(JDK_HOME)

.PHONY: help print-jdk
help:
	@printf '%s\n' "sam build targets (one per function):" \
	  $(foreach v,$(sort $(filter MODULE_%,$(.VARIABLES))),"  build-$(v:MODULE_%=%)  <- functions/$($(v))") \
	  "print-jdk: the JDK >= $(JDK_MIN) the build uses"

print-jdk:
	@echo "$(JDK_HOME)"

# build-<LogicalId>: called by `sam build` (also usable by hand with ARTIFACTS_DIR=some/dir).
build-%:
	$(if $(MODULE_$*),,$(error No Maven module for '$*': add 'MODULE_$* := <dir under functions/>' to the Makefile))
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set (it is set by sam build)))
	$(if $(JDK_HOME),,$(error No JDK >= $(JDK_MIN) found (JAVA_HOME, PATH, /usr/lib/jvm)))
	cd "$(ROOT)" && JAVA_HOME="$(JDK_HOME)" "$(MVNW)" $(MVN_FLAGS) -pl functions/$(MODULE_$*) -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(ROOT)/functions/$(MODULE_$*)/target/$(MODULE_$*).jar" "$(ARTIFACTS_DIR)/lib/"
