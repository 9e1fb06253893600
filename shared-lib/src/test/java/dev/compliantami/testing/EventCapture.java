package dev.compliantami.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An EventBridge bus whose every {@code compliant-ami} event a rule copies to an SQS queue, so tests see
 * exactly what a function put on the bus (moto delivers rule targets as real EventBridge would).
 */
public final class EventCapture {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqsClient sqs;
  private final String busName;
  private final String queueUrl;
  private final List<JsonNode> received = new ArrayList<>();

  private EventCapture(SqsClient sqs, String busName, String queueUrl) {
    this.sqs = sqs;
    this.busName = busName;
    this.queueUrl = queueUrl;
  }

  public static EventCapture create(EventBridgeClient events, SqsClient sqs, String name) {
    String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    events.createEventBus(r -> r.name(unique));
    String queueUrl = sqs.createQueue(r -> r.queueName(unique)).queueUrl();
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    events.putRule(r -> r.name("capture").eventBusName(unique).eventPattern("{\"source\":[\"compliant-ami\"]}"));
    events.putTargets(r -> r.rule("capture").eventBusName(unique).targets(t -> t.id("queue").arn(queueArn)));
    return new EventCapture(sqs, unique, queueUrl);
  }

  public String busName() {
    return busName;
  }

  /** Waits until at least {@code count} events arrived (or the timeout passed) and returns all received. */
  public List<JsonNode> await(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      poll(1);
    }
    return List.copyOf(received);
  }

  /** Everything that arrived within {@code wait}; use it to prove that nothing was sent. */
  public List<JsonNode> receiveFor(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      poll(1);
    }
    return List.copyOf(received);
  }

  /** What arrives within {@code wait}, then forgotten, so the next call sees only newer events. */
  public List<JsonNode> drain(Duration wait) {
    List<JsonNode> all = receiveFor(wait);
    received.clear();
    return all;
  }

  private void poll(int waitSeconds) {
    for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)).messages()) {
      try {
        received.add(JSON.readTree(m.body()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
    }
  }
}
