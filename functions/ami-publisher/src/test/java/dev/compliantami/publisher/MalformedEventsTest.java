package dev.compliantami.publisher;


import dev.compliantami.testing.EventCase;
import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.AwsCallRecorder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed and foreign events: a typed error naming the path, or ignored — and no AWS call of any kind. */
class MalformedEventsTest {
  @RegisterExtension
  static final AwsCallRecorder aws = new AwsCallRecorder();


  private static Map<String, Object> event(Map<String, Object> changes) {
    Map<String, Object> e = new HashMap<>(Map.of("version", "0", "id", "e-1", "detail-type", AmiPublisherHandler.DETAIL_TYPE,
        "source", AmiPublisherHandler.SOURCE, "account", "123456789012", "time", "2026-12-03T09:14:00Z", "region", "us-east-1",
        "resources", List.of("arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-stig-high/1.0.0/7"),
        "detail", Map.of("state", Map.of("status", "AVAILABLE"))));
    e.putAll(changes);
    return e;
  }

  static Stream<EventCase> cases() {
    return Stream.of(
        new EventCase("no resources", event(Map.of("resources", List.of())), "$.resources"),
        new EventCase("resource is a pipeline ARN", event(Map.of("resources", List.of("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/p"))), "$.resources[0]"),
        new EventCase("resource is a version ARN without build", event(Map.of("resources", List.of("arn:aws:imagebuilder:us-east-1:123456789012:image/p/1.0.0"))), "$.resources[0]"),
        new EventCase("resource of a hostile length", event(Map.of("resources", List.of("arn:aws:imagebuilder:" + "x".repeat(5000)))), "$.resources[0]"),
        new EventCase("detail without state", event(Map.of("detail", Map.of("previous-state", Map.of("status", "TESTING")))), "$.detail.state"),
        new EventCase("state.status a number", event(Map.of("detail", Map.of("state", Map.of("status", 3)))), "$.detail.state.status"),
        new EventCase("state is an array", event(Map.of("detail", Map.of("state", List.of("AVAILABLE")))), "$.detail.state"),
        new EventCase("no detail-type nor job", Map.of("source", "aws.imagebuilder"), "$"),
        new EventCase("BUILDING state", event(Map.of("detail", Map.of("state", Map.of("status", "BUILDING")))), "ignored"),
        new EventCase("CVE Detected event", event(Map.of("detail-type", "EC2 Image Builder CVE Detected")), "ignored"),
        new EventCase("other source", event(Map.of("source", "aws.ec2")), "ignored"),
        new EventCase("a scheduler job", Map.of("job", "release-poll", "executionId", "x"), "ignored"),
        new EventCase("an SNS message", Map.of("Records", List.of(Map.of("EventSource", "aws:sns",
            "Sns", Map.of("MessageId", "m", "TopicArn", "arn:aws:sns:us-east-1:1:t", "Message", "{}")))), "ignored"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedOrIgnoredWithoutAnyAwsCall(EventCase c) {
    aws.clear();
    AmiPublisherHandler h = new AmiPublisherHandler(Map.of("AWS_REGION", "us-east-1", "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t",
        "POWERTOOLS_SERVICE_NAME", "ami-publisher", "MODE", "enforce", "ORGANIZATION_ARN", PublisherFixture.ORG_ARN));
    c.assertRejectedOrIgnored(() -> h.handleRequest(c.event(), new LocalContext("ami-publisher", 60, 1024)), aws);
  }
}
