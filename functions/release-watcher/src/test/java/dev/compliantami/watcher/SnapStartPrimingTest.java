package dev.compliantami.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.AwsCallRecorder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priming runs before the SnapStart snapshot: it must warm the code paths without calling AWS. */
class SnapStartPrimingTest {

  @Test
  void primingMakesNoAwsCall() {
    try (AwsCallRecorder aws = new AwsCallRecorder()) {
      ReleaseWatcherHandler handler = new ReleaseWatcherHandler(Map.of(
          "AWS_REGION", "us-east-1",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:security",
          "POWERTOOLS_SERVICE_NAME", "release-watcher",
          "STATE_TABLE", "state"));

      handler.beforeCheckpoint(null);

      assertThat(aws.requests()).isEmpty();
    }
  }
}
