package dev.compliantami.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.AwsCallRecorder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priming runs before the SnapStart snapshot: it must warm the code paths without calling AWS. */
class SnapStartPrimingTest {

  @Test
  void primingMakesNoAwsCall() {
    try (AwsCallRecorder aws = new AwsCallRecorder()) {
      AmiPublisherHandler handler = new AmiPublisherHandler(Map.of("AWS_REGION", "us-east-1",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "ami-publisher"));

      handler.beforeCheckpoint(null);

      assertThat(aws.requests()).isEmpty();
    }
  }
}
