package dev.compliantami.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.LambdaRuntime;
import dev.compliantami.watcher.ItemOutcome.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample in {@code events/release-watcher/}, read by the Lambda runtime's own serialiser, starts a
 * poll; the result goes back through the same serialiser with all its fields.
 */
class SampleEventsTest {
  private WatcherFixture f;

  static Stream<Path> samples() throws IOException {
    return LambdaRuntime.samples("release-watcher");
  }

  @BeforeEach
  void setUp() {
    f = new WatcherFixture();
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64");
    f.image("RHEL-9.4.0_HVM-x86_64-" + f.prefix.substring(2));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleStartsAPollAndItsResultSerialisesLikeLambdaWould(Path sample) throws Exception {
    Map<String, Object> event = LambdaRuntime.readEvent(ReleaseWatcherHandler.class, sample);

    WatchResult result = f.handler(Map.of()).handleRequest(event, new LocalContext("release-watcher", 180, 1024));

    assertThat(result.ignoredBecause()).as("%s must start a poll", sample.getFileName()).isNull();
    assertThat(result.items()).extracting(ItemOutcome::status).containsOnly(Status.BASELINE);
    assertThat(result.items()).hasSize(4);
    LambdaRuntime.assertMirrors(result, LambdaRuntime.writeResult(ReleaseWatcherHandler.class, result));
  }
}
