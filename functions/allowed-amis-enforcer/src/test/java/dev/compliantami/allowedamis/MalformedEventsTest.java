package dev.compliantami.allowedamis;


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

/** Malformed CloudTrail records and foreign events: a typed error or ignored, and no AWS call at all. */
class MalformedEventsTest {
  @RegisterExtension
  static final AwsCallRecorder aws = new AwsCallRecorder();


  @SuppressWarnings("unchecked")
  private static Map<String, Object> cloudTrail(Map<String, Object> detailChanges) {
    Map<String, Object> e = new HashMap<>(AllowedAmisEnforcerIntegrationTest.cloudTrail("111111111111", "us-east-1", "ReplaceImageCriteriaInAllowedImagesSettings"));
    Map<String, Object> d = new HashMap<>((Map<String, Object>) e.get("detail"));
    d.putAll(detailChanges);
    detailChanges.forEach((k, v) -> { if (v == null) d.remove(k); });
    e.put("detail", d);
    return e;
  }

  static Stream<EventCase> cases() {
    Map<String, Object> removeName = new HashMap<>();
    removeName.put("eventName", null);
    return Stream.of(
        new EventCase("CloudTrail without eventName", cloudTrail(removeName), "$.detail.eventName"),
        new EventCase("awsRegion not a region", cloudTrail(Map.of("awsRegion", "mars-1")), "$.detail.awsRegion"),
        new EventCase("recipientAccountId not an account", cloudTrail(Map.of("recipientAccountId", "abc")), "$.detail.recipientAccountId"),
        new EventCase("eventName is an object", cloudTrail(Map.of("eventName", Map.of("x", 1))), "$.detail.eventName"),
        new EventCase("a failed call", cloudTrail(Map.of("errorCode", "UnauthorizedOperation")), "ignored"),
        new EventCase("another EC2 call", cloudTrail(Map.of("eventName", "RunInstances")), "ignored"),
        new EventCase("another service's call", cloudTrail(Map.of("eventSource", "s3.amazonaws.com")), "ignored"),
        new EventCase("this function's own repair", cloudTrail(Map.of("userIdentity",
            Map.of("arn", "arn:aws:sts::111111111111:assumed-role/compliant-ami-member/compliant-ami-allowed-amis-enforcer"))), "ignored"),
        new EventCase("EC2 state change", Map.of("version", "0", "id", "x", "detail-type", "EC2 Instance State-change Notification", "source", "aws.ec2",
            "account", "111111111111", "time", "2026-12-03T10:00:00Z", "region", "us-east-1", "detail", Map.of("instance-id", "i-1", "state", "running")), "ignored"),
        new EventCase("another job", Map.of("job", "release-poll", "executionId", "e"), "ignored"),
        new EventCase("nothing recognisable", Map.of("hello", "world"), "$"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedOrIgnoredWithoutAnyAwsCall(EventCase c) {
    aws.clear();
    AllowedAmisEnforcerHandler h = new AllowedAmisEnforcerHandler(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce",
        "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "allowed-amis-enforcer",
        "FACTORY_ACCOUNT_ID", "123456789012", "BOUNDARY_ACCOUNT_IDS", "111111111111", "BOUNDARY_REGIONS", "us-east-1"));
    c.assertRejectedOrIgnored(() -> h.handleRequest(c.event(), new LocalContext("allowed-amis-enforcer", 60, 1024)), aws);
  }
}
