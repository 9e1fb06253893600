package dev.compliantami.report;


import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.AwsCallRecorder;
import dev.compliantami.testing.EventCase;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed jobs and foreign events: a typed error naming the field, or ignored, and no AWS call at all. */
class MalformedEventsTest {
  @RegisterExtension
  static final AwsCallRecorder aws = new AwsCallRecorder();

  static Stream<EventCase> cases() {
    return Stream.of(
        new EventCase("scheduled without period", Map.of("job", "fleet-report", "executionId", "e"), "$.period"),
        new EventCase("unknown period", Map.of("job", "fleet-report", "executionId", "e", "period", "daily"), "$.period"),
        new EventCase("period is an object", Map.of("job", "fleet-report", "requestId", "r", "period", Map.of("x", 1)), "$.period"),
        new EventCase("scheduledTime not a time", Map.of("job", "fleet-report", "executionId", "e", "period", "weekly",
            "scheduledTime", "next monday"), "$.scheduledTime"),
        new EventCase("neither executionId nor requestId", Map.of("job", "fleet-report", "period", "weekly"), "$.executionId"),
        new EventCase("another job", Map.of("job", "release-poll", "executionId", "e"), "ignored"),
        new EventCase("EC2 state change", Map.of("version", "0", "id", "x", "detail-type", "EC2 Instance State-change Notification",
            "source", "aws.ec2", "account", "111111111111", "time", "2026-12-03T10:00:00Z", "region", "us-east-1",
            "detail", Map.of("instance-id", "i-1", "state", "running")), "ignored"),
        new EventCase("nothing recognisable", Map.of("hello", "world"), "$"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedOrIgnoredWithoutAnyAwsCall(EventCase c) {
    aws.clear();
    FleetReportHandler h = new FleetReportHandler(Map.of("AWS_REGION", "us-east-1", "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t",
        "POWERTOOLS_SERVICE_NAME", "fleet-report", "FACTORY_ACCOUNT_ID", "123456789012", "REPORT_BUCKET", "reports-bucket",
        "BOUNDARY_ACCOUNT_IDS", "111111111111", "BOUNDARY_REGIONS", "us-east-1"));
    c.assertRejectedOrIgnored(() -> h.handleRequest(c.event(), new LocalContext("fleet-report", 60, 1024)), aws);
  }
}
