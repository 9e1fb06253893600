package dev.compliantami.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.compliantami.testing.LocalTry;
import dev.compliantami.testing.ProjectRoot;
import dev.compliantami.testing.SecretScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 §1 and §4: the README's local try — the whole control loop over the emulated organization, every
 * function through {@code bin/invoke} and its shaded jar — works in dry-run and in enforce, and nothing it logs or
 * returns looks like a credential (the assumed member roles' temporary keys included).
 */
class FullLoopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = ProjectRoot.path();
  private static final Path OUT = ROOT.resolve(".local/try");

  @Test
  void dryRunDecidesEverythingAndChangesNothing() throws Exception {
    assertThat(LocalTry.run(ROOT, "dry-run")).as("failed invocations").isZero();

    assertThat(result("pipeline-starter").path("mode").asText()).isEqualTo("dry-run");
    JsonNode launches = result("launch-auditor");
    assertThat(launches.path("violations").asInt()).as("nothing was published, so the new AMI is not yet compliant").isEqualTo(3);
    JsonNode report = result("fleet-report");
    assertThat(report.path("unreadable").size()).isZero();
    assertThat(OUT.resolve("report.html")).isNotEmptyFile();
    assertNoSecrets();
  }

  @Test
  void enforceRunsTheLoopEndToEnd() throws Exception {
    assertThat(LocalTry.run(ROOT, "enforce")).as("failed invocations").isZero();

    JsonNode published = result("ami-publisher");
    assertThat(published.path("published").asBoolean()).isTrue();
    published.path("amis").forEach(a -> assertThat(a.path("note").isNull() || a.path("note").isMissingNode())
        .as("AMI %s: %s", a.path("imageId").asText(), a.path("note").asText()).isTrue());
    JsonNode launches = result("launch-auditor");
    assertThat(launches.path("compliant").asInt()).as("the AMI ami-publisher just published").isEqualTo(1);
    assertThat(launches.path("violations").asInt()).as("vendor AMI and the member's own AMI").isEqualTo(2);
    assertThat(result("fleet-report").path("unreadable").size()).isZero();
    assertThat(OUT.resolve("report.html")).isNotEmptyFile();
    assertNoSecrets();
  }

  private static void assertNoSecrets() {
    assertThat(SecretScan.scan(OUT)).as("credentials-like strings in the loop's logs and results").isEmpty();
  }

  /** The handler result of the function's last invocation in the loop (files NN-<function>.json). */
  private static JsonNode result(String function) throws IOException {
    try (Stream<Path> files = Files.list(OUT)) {
      Path last = files.filter(f -> f.getFileName().toString().matches("\\d+-" + function + "\\.json")).sorted()
          .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no result of " + function + " in " + OUT));
      return JSON.readTree(last.toFile()).path("result");
    }
  }
}
