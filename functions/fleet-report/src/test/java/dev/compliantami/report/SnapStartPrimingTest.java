package dev.compliantami.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.AwsCallRecorder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priming runs before the SnapStart snapshot: it must warm the code paths without calling AWS. */
class SnapStartPrimingTest {

  @Test
  void primingMakesNoAwsCall() {
    try (AwsCallRecorder aws = new AwsCallRecorder()) {
      FleetReportHandler handler = new FleetReportHandler(Map.of("AWS_REGION", "us-east-1",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "fleet-report",
          "FACTORY_ACCOUNT_ID", "123456789012", "REPORT_BUCKET", "reports-bucket"));

      handler.beforeCheckpoint(null);

      assertThat(aws.requests()).isEmpty();
    }
  }
}
