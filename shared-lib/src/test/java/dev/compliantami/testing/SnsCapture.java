package dev.compliantami.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SNS topic with an SQS queue subscribed to it (raw message delivery off), for tests that assert what code
 * published: each SQS message body is the SNS envelope JSON, parsed back into a {@link Notification}. Received
 * messages are deleted from the queue and kept in {@link #received()}.
 */
public final class SnsCapture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqsClient sqs;
  private final String topicArn;
  private final String queueUrl;
  private final String subscriptionArn;
  private final List<Notification> received = new ArrayList<>();

  private SnsCapture(SqsClient sqs, String topicArn, String queueUrl, String subscriptionArn) {
    this.sqs = sqs;
    this.topicArn = topicArn;
    this.queueUrl = queueUrl;
    this.subscriptionArn = subscriptionArn;
  }

  /** Creates topic and queue named {@code <name>-<random>}, so captures in one moto server never collide. */
  public static SnsCapture create(SnsClient sns, SqsClient sqs, String name) {
    String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    String topicArn = sns.createTopic(r -> r.name(unique)).topicArn();
    String queueUrl = sqs.createQueue(r -> r.queueName(unique)).queueUrl();
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    String subscriptionArn = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
            .attributes(Map.of("RawMessageDelivery", "false"))
            .returnSubscriptionArn(true))
        .subscriptionArn();
    return new SnsCapture(sqs, topicArn, queueUrl, subscriptionArn);
  }

  public String topicArn() {
    return topicArn;
  }

  public String queueUrl() {
    return queueUrl;
  }

  public String subscriptionArn() {
    return subscriptionArn;
  }

  /**
   * Waits until at least {@code count} notifications have arrived in all, and returns all of them.
   *
   * @throws AssertionError when fewer arrive within {@code timeout}
   */
  public List<Notification> await(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      poll(1);
    }
    if (received.size() < count) {
      throw new AssertionError("Expected " + count + " notifications on " + topicArn + " within " + timeout
          + ", got " + received.size() + ": " + received);
    }
    return received();
  }

  /**
   * Keeps polling for at least {@code wait} (in 1 s long polls) and returns all notifications received so far, e.g.
   * to assert that nothing was published.
   */
  public List<Notification> receiveFor(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    do {
      poll(1);
    } while (System.nanoTime() < deadline);
    return received();
  }

  /** What arrives within {@code wait}, then forgotten, so the next call sees only newer notifications. */
  public List<Notification> drain(Duration wait) {
    List<Notification> all = receiveFor(wait);
    received.clear();
    return all;
  }

  /** All notifications received so far, in arrival order. */
  public List<Notification> received() {
    return List.copyOf(received);
  }

  private void poll(int waitSeconds) {
    List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
        .waitTimeSeconds(waitSeconds)).messages();
    for (Message message : messages) {
      received.add(Notification.fromEnvelope(message.body()));
      sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
  }

  /**
   * One SNS notification as the subscribed queue got it. {@code subject} is null when none was published;
   * {@code messageAttributes} maps each attribute name to its {@code Value} (Binary values stay base64).
   */
  public record Notification(
      String messageId, String topicArn, String subject, String message, Map<String, String> messageAttributes) {

    static Notification fromEnvelope(String body) {
      JsonNode envelope;
      try {
        envelope = JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("SQS body is not an SNS envelope: " + body, e);
      }
      if (!"Notification".equals(envelope.path("Type").asText())) {
        throw new IllegalStateException("SQS body is not an SNS notification envelope: " + body);
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      envelope.path("MessageAttributes").properties()
          .forEach(e -> attributes.put(e.getKey(), e.getValue().path("Value").asText()));
      JsonNode subject = envelope.get("Subject");
      return new Notification(
          envelope.path("MessageId").asText(),
          envelope.path("TopicArn").asText(),
          subject == null || subject.isNull() ? null : subject.asText(),
          envelope.path("Message").asText(),
          Map.copyOf(attributes));
    }
  }
}
