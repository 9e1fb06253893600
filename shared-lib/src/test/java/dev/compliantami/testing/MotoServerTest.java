package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.testing.SnsCapture.Notification;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

class MotoServerTest {

  private static MotoServer moto;
  private static SnsClient sns;
  private static SqsClient sqs;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.shared();
    URI endpoint = URI.create(moto.endpoint());
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    sns = SnsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create()).build();
    sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterAll
  static void closeClients() {
    sns.close();
    sqs.close();
  }

  @Test
  void sharedServerIsStartedOnceOnLoopback() {
    assertThat(MotoServer.shared()).isSameAs(moto);
    assertThat(moto.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
    moto.close(); // no-op on the shared server
    assertThat(answers(moto.endpoint())).isTrue();
  }

  @Test
  void capturesWhatIsPublishedToATopicThroughASubscribedQueue() {
    SnsCapture capture = SnsCapture.create(sns, sqs, "verdicts");

    sns.publish(r -> r.topicArn(capture.topicArn())
        .subject("AMI out of date")
        .message("{\"instanceId\":\"i-0123456789abcdef0\"}")
        .messageAttributes(Map.of(
            "severity", MessageAttributeValue.builder().dataType("String").stringValue("HIGH").build(),
            "count", MessageAttributeValue.builder().dataType("Number").stringValue("3").build())));
    sns.publish(r -> r.topicArn(capture.topicArn()).message("second"));

    List<Notification> notifications = capture.await(2, Duration.ofSeconds(10));

    assertThat(notifications).hasSize(2);
    Notification first = notifications.stream().filter(n -> n.subject() != null).findFirst().orElseThrow();
    assertThat(first.topicArn()).isEqualTo(capture.topicArn());
    assertThat(first.subject()).isEqualTo("AMI out of date");
    assertThat(first.message()).isEqualTo("{\"instanceId\":\"i-0123456789abcdef0\"}");
    assertThat(first.messageAttributes()).containsEntry("severity", "HIGH").containsEntry("count", "3");
    assertThat(first.messageId()).isNotBlank();
    assertThat(notifications).extracting(Notification::message).contains("second");
    assertThat(sns.getSubscriptionAttributes(r -> r.subscriptionArn(capture.subscriptionArn())).attributes())
        .containsEntry("RawMessageDelivery", "false");
  }

  @Test
  void aCaptureWithNothingPublishedStaysEmpty() {
    SnsCapture capture = SnsCapture.create(sns, sqs, "quiet");

    assertThat(capture.receiveFor(Duration.ofSeconds(1))).isEmpty();
    assertThatThrownBy(() -> capture.await(1, Duration.ofSeconds(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(capture.topicArn());
  }

  @Test
  void aServerOfItsOwnResetsAndStops() {
    MotoServer own = MotoServer.start();
    try (SnsClient ownSns = SnsClient.builder().endpointOverride(URI.create(own.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      assertThat(own.endpoint()).isNotEqualTo(moto.endpoint());
      ownSns.createTopic(r -> r.name("to-be-reset"));
      assertThat(ownSns.listTopics().topics()).hasSize(1);

      own.reset();

      assertThat(ownSns.listTopics().topics()).isEmpty();
    } finally {
      own.close();
    }
    assertThat(answers(own.endpoint())).isFalse();
  }

  @Test
  void aMissingExecutableIsAClearError() {
    String previous = System.getProperty("moto.server");
    System.setProperty("moto.server", "/nonexistent/bin/moto_server");
    try {
      assertThatThrownBy(MotoServer::executable)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/nonexistent/bin/moto_server")
          .hasMessageContaining("moto.server");
    } finally {
      if (previous == null) {
        System.clearProperty("moto.server");
      } else {
        System.setProperty("moto.server", previous);
      }
    }
  }

  private static boolean answers(String endpoint) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + "/moto-api/").toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.getResponseCode();
      connection.disconnect();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
