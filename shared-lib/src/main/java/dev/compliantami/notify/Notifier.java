package dev.compliantami.notify;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.AwsErrors;
import dev.compliantami.config.CommonSettings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Publishes {@link Notification}s to the security team's SNS topic. */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  /** SNS requires a subject shorter than 100 characters, without line breaks or control characters. */
  static final int MAX_SUBJECT = 99;
  /** SNS messages are at most 256 KB; leave room for the envelope and attributes. */
  static final int MAX_BODY_BYTES = 240 * 1024;

  private final SnsClient sns;
  private final String topicArn;
  private final String function;
  private final String account;

  /** The security team's topic ({@code NOTIFY_TOPIC_ARN}), sent as the function, through its clients. */
  public static Notifier of(AwsClients clients, CommonSettings settings) {
    return new Notifier(clients.get(SnsClient.class, SnsClient::builder), settings.notifyTopicArn(), settings.functionName());
  }

  public Notifier(SnsClient sns, String topicArn, String function) {
    this.sns = sns;
    this.topicArn = topicArn;
    this.function = function;
    this.account = topicArn.split(":")[4];
  }

  /** The outcome of {@link #tryPublish}: the SNS message id, or why it could not be sent. */
  public record Delivery(String messageId, String error) {}

  /**
   * Publishes, and on failure logs an error and says why instead of throwing: what the function did
   * stands whether or not the e-mail went out, and its result and custom events say the rest.
   */
  public Delivery tryPublish(Notification n) {
    try {
      return new Delivery(publish(n), null);
    } catch (SdkException e) {
      LOG.error("notification to the security team failed", entry("subject", n.subject()), entry("detail", AwsErrors.describe(e)));
      return new Delivery(null, AwsErrors.describe(e));
    }
  }

  /** @return the SNS message id */
  public String publish(Notification n) {
    return sns.publish(
            p ->
                p.topicArn(topicArn)
                    .subject(subject("[compliant-ami] " + n.subject()))
                    .message(body(n.body()))
                    .messageAttributes(
                        Map.of(
                            "function", text(function),
                            "severity", text(n.severity().name()),
                            "account", text(account),
                            "mode", text(n.dryRun() ? "dry-run" : "enforce"))))
        .messageId();
  }

  static String subject(String raw) {
    String clean = raw.replaceAll("[^\\x20-\\x7E]", " ").replaceAll(" {2,}", " ").trim();
    return clean.length() <= MAX_SUBJECT ? clean : clean.substring(0, MAX_SUBJECT - 1) + "~";
  }

  static String body(String raw) {
    byte[] bytes = raw.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (bytes.length <= MAX_BODY_BYTES) {
      return raw;
    }
    String note = "\n\n[message truncated: see the function's log and custom events for the full list]\n";
    String cut = new String(bytes, 0, MAX_BODY_BYTES - 200, java.nio.charset.StandardCharsets.UTF_8);
    return cut + note;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
