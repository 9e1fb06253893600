package dev.compliantami.reaper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.AwsCallRecorder;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priming runs before the SnapStart snapshot: it must warm the code paths without calling AWS. */
class SnapStartPrimingTest {

  @Test
  void primingMakesNoAwsCall() {
    try (AwsCallRecorder aws = new AwsCallRecorder()) {
      InstanceReaperHandler handler = new InstanceReaperHandler(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "instance-reaper",
          "BOUNDARY_ACCOUNT_IDS", "111111111111", "BOUNDARY_REGIONS", "us-east-1", "STANDALONE_ACTION", "terminate"), Clock.systemUTC());

      handler.beforeCheckpoint(null);

      assertThat(aws.requests()).isEmpty();
    }
  }
}
