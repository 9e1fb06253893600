package dev.compliantami.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.compliantami.events.MalformedEventException;
import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.AwsCallRecorder;
import dev.compliantami.testing.EventCase;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input at the handler, in enforce/terminate mode: a typed error naming the field, an ignore, or each bad message
 * failed on its own — and no AWS call of any kind (endpoints that record every request and answer none).
 */
class MalformedEventsTest {
  private static final String MEMBER = "111111111111";
  private static final String OUTSIDE = "999999999999";
  @RegisterExtension
  static final AwsCallRecorder aws = new AwsCallRecorder();

  private static Map<String, Object> sqs(Map<String, Object>... records) {
    return Map.of("Records", List.of(records));
  }

  private static Map<String, Object> message(String id, String body) {
    return LaunchFixture.record(id, body);
  }

  private static String launch(String account) {
    return LaunchFixture.stateChange(account, "i-0123456789abcdef0", "running");
  }

  @SuppressWarnings("unchecked")
  static Stream<EventCase> cases() {
    Map<String, Object> noBody = new java.util.HashMap<>(message("m-1", launch(MEMBER)));
    noBody.remove("body");
    return Stream.of(
        new EventCase("an EventBridge event sent directly, not through the queue", Map.of("version", "0", "id", "x",
            "detail-type", "EC2 Instance State-change Notification", "source", "aws.ec2", "account", MEMBER, "time", "2026-12-03T10:00:00Z",
            "region", "us-east-1", "resources", List.of(), "detail", Map.of("instance-id", "i-0123456789abcdef0", "state", "running")), "ignored"),
        new EventCase("a scheduled job", Map.of("job", "instance-reaper", "executionId", "e"), "ignored"),
        new EventCase("nothing recognisable", Map.of("hello", "world"), "$"),
        new EventCase("an SQS record without a body", sqs(noBody), "$.Records[0].body"),
        new EventCase("an SQS record whose messageId is an object", sqs(Map.of("messageId", Map.of("x", 1), "body", launch(MEMBER),
            "eventSource", "aws:sqs")), "$.Records[0].messageId"),
        new EventCase("every message malformed", sqs(
            message("m-text", "this is not JSON"),
            message("m-array", "[1,2,3]"),
            message("m-no-detail-type", "{\"source\":\"aws.ec2\"}"),
            message("m-bad-id", launch(MEMBER).replace("i-0123456789abcdef0\",\"state", "i-NOPE\",\"state")),
            message("m-no-state", launch(MEMBER).replace(",\"state\":\"running\"", "")),
            message("m-bad-account", launch(MEMBER).replace("\"account\":\"" + MEMBER + "\"", "\"account\":\"abc\""))),
            "each failed"),
        new EventCase("a launch from an account outside the boundary", sqs(message("m-outside", launch(OUTSIDE))), "each ignored"),
        new EventCase("other states and detail-types only", sqs(
            message("m-stopped", LaunchFixture.stateChange(MEMBER, "i-0123456789abcdef0", "stopped")),
            message("m-other", launch(MEMBER).replace("EC2 Instance State-change Notification", "EC2 Spot Instance Interruption Warning"))),
            "each ignored"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedFailedOrIgnoredWithoutAnyAwsCall(EventCase c) {
    aws.clear();
    LaunchAuditorHandler h = new LaunchAuditorHandler(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce",
        "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "launch-auditor",
        "FACTORY_ACCOUNT_ID", "123456789012", "LAUNCH_AUDITOR_ACTION", "terminate", "BOUNDARY_ACCOUNT_IDS", MEMBER,
        "BOUNDARY_REGIONS", "us-east-1"));
    LaunchAuditResult[] r = new LaunchAuditResult[1];
    Throwable thrown = catchThrowable(() -> r[0] = h.handleRequest(c.event(), new LocalContext("launch-auditor", 60, 1024)));

    switch (c.expected()) {
      case "ignored" -> {
        assertThat(thrown).isNull();
        assertThat(r[0].ignoredBecause()).isNotBlank();
      }
      case "each failed" -> {
        assertThat(thrown).isNull();
        int n = ((List<?>) c.event().get("Records")).size();
        assertThat(r[0].batchItemFailures()).hasSize(n);
        assertThat(r[0].failed()).allSatisfy(f -> assertThat(f.reason()).startsWith("malformed event at $.Records["));
        assertThat(r[0].failed()).anySatisfy(f -> assertThat(f.reason()).contains("$.Records[3].body.detail.instance-id"))
            .anySatisfy(f -> assertThat(f.reason()).contains("$.Records[4].body.detail.state"))
            .anySatisfy(f -> assertThat(f.reason()).contains("$.Records[5].body.account"));
        assertThat(r[0].launches()).isZero();
      }
      case "each ignored" -> {
        assertThat(thrown).isNull();
        assertThat(r[0].batchItemFailures()).isEmpty();
        assertThat(r[0].ignored()).isEqualTo(((List<?>) c.event().get("Records")).size());
        assertThat(r[0].launches()).isZero();
      }
      default -> {
        assertThat(thrown).isInstanceOf(MalformedEventException.class);
        assertThat(((MalformedEventException) thrown).path()).isEqualTo(c.expected());
      }
    }
    assertThat(aws.requests()).as("no AWS call of any kind").isEmpty();
  }
}
