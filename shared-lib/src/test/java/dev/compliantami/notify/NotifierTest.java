package dev.compliantami.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.MotoServer;
import dev.compliantami.testing.SnsCapture;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

class NotifierTest {

  @Test
  void subjectIsOneAsciiLineUnder100Characters() {
    String s = Notifier.subject("pipeline-starter\nstarted ✓ " + "x".repeat(200));
    assertThat(s).hasSizeLessThanOrEqualTo(99).doesNotContain("\n").matches("[\\x20-\\x7E]+");
    assertThat(Notifier.subject("short")).isEqualTo("short");
  }

  @Test
  void oversizedBodyIsTruncatedWithANote() {
    String body = Notifier.body("y".repeat(300 * 1024));
    assertThat(body.length()).isLessThan(Notifier.MAX_BODY_BYTES);
    assertThat(body).endsWith("[message truncated: see the function's log and custom events for the full list]\n");
  }

  @Test
  void bodyTellsWhatWhereWhyWhatWasDoneAndWhatNext() {
    Notification n =
        new Notification(Severity.WARNING, "s", "2 pipelines started.", "account 1, region r", "base image changed",
            List.of("p1: started"), List.of("nothing to do"), true);
    assertThat(n.body())
        .contains("2 pipelines started.")
        .contains("Where: account 1, region r")
        .contains("Why: base image changed")
        .contains("What would be done (dry-run mode: nothing was changed):\n  - p1: started")
        .contains("What to do next:\n  - nothing to do");
  }

  @Test
  void deliversThroughSnsWithFilterableAttributes() {
    MotoServer moto = MotoServer.shared();
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    try (SnsClient sns = SnsClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.US_EAST_1).credentialsProvider(creds).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.US_EAST_1).credentialsProvider(creds).build()) {
      SnsCapture capture = SnsCapture.create(sns, sqs, "notifier-test");
      Notifier notifier = new Notifier(sns, capture.topicArn(), "pipeline-starter");

      notifier.publish(new Notification(Severity.CRITICAL, "it happened", "w", "x", "y", List.of(), List.of(), false));

      SnsCapture.Notification got = capture.await(1, Duration.ofSeconds(10)).get(0);
      assertThat(got.subject()).isEqualTo("[compliant-ami] it happened");
      assertThat(got.message()).contains("What was done:\n  - nothing");
      assertThat(got.messageAttributes())
          .containsEntry("function", "pipeline-starter")
          .containsEntry("severity", "CRITICAL")
          .containsEntry("mode", "enforce")
          .containsEntry("account", capture.topicArn().split(":")[4]);
    }
  }
}
