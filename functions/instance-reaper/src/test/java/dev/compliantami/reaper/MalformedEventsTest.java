package dev.compliantami.reaper;


import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.AwsCallRecorder;
import dev.compliantami.testing.EventCase;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed and foreign events: a typed error naming the field, or ignored; no AWS call at all. */
class MalformedEventsTest {
  @RegisterExtension
  static final AwsCallRecorder aws = new AwsCallRecorder();

  static Stream<EventCase> cases() {
    return Stream.of(
        new EventCase("job without executionId or requestId", Map.of("job", "instance-reaper"), "$.executionId"),
        new EventCase("scheduledTime not a time", Map.of("job", "instance-reaper", "executionId", "e", "scheduledTime", "yesterday"), "$.scheduledTime"),
        new EventCase("another job", Map.of("job", "release-poll", "executionId", "e"), "ignored"),
        new EventCase("EC2 state change", Map.of("version", "0", "id", "x", "detail-type", "EC2 Instance State-change Notification", "source", "aws.ec2",
            "account", "111111111111", "time", "2026-12-03T10:00:00Z", "region", "us-east-1", "detail", Map.of("instance-id", "i-1", "state", "running")), "ignored"),
        new EventCase("nothing recognisable", Map.of("hello", "world"), "$"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedOrIgnoredWithoutAnyAwsCall(EventCase c) {
    aws.clear();
    InstanceReaperHandler h = new InstanceReaperHandler(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce",
        "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "instance-reaper",
        "BOUNDARY_ACCOUNT_IDS", "111111111111", "BOUNDARY_REGIONS", "us-east-1", "STANDALONE_ACTION", "terminate"), Clock.systemUTC());
    c.assertRejectedOrIgnored(() -> h.handleRequest(c.event(), new LocalContext("instance-reaper", 60, 1024)), aws);
  }
}
