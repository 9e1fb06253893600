package dev.compliantami.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.LambdaRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample in {@code events/launch-auditor/} (SQS batches wrapping state-change events), read by the Lambda
 * runtime's serialiser, is audited in dry-run: the samples' instances are launched in moto under the samples' ids.
 */
class SampleEventsTest {
  private LaunchFixture f;

  static Stream<Path> samples() throws IOException {
    return LambdaRuntime.samples("launch-auditor");
  }

  @BeforeEach
  void setUp() {
    f = new LaunchFixture();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsAuditedAndItsResultSerialisesLikeLambdaWould(Path sample) throws Exception {
    LaunchAuditorHandler h = f.handler("dry-run", "terminate", Map.of("BOUNDARY_ACCOUNT_IDS", ""));
    Map<String, Object> event = LambdaRuntime.readEvent(LaunchAuditorHandler.class, sample);

    LaunchAuditResult r = h.handleRequest(event, new LocalContext("launch-auditor", 900, 1024));

    assertThat(r.ignoredBecause()).as("%s must be handled", sample.getFileName()).isNull();
    assertThat(r.messages()).isPositive();
    assertThat(r.batchItemFailures()).as("the samples' instances are unknown here: reported as not found, never retried forever")
        .isEmpty();
    assertThat(r.launches()).isPositive();
    assertThat(r.verdicts()).allSatisfy(v -> assertThat(v.outcome()).isEqualTo("NOT_FOUND"));
    LambdaRuntime.assertMirrors(r, LambdaRuntime.writeResult(LaunchAuditorHandler.class, r));
    assertThat(LambdaRuntime.writeResult(LaunchAuditorHandler.class, r)).contains("\"batchItemFailures\":[]");
  }
}
