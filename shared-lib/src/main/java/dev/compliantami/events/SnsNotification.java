package dev.compliantami.events;

/**
 * An SNS message delivered to Lambda ({@code Records[0].Sns}). The message body is kept as text: what it
 * means is for the function to decide, and a body it cannot read must not make the event malformed.
 */
public record SnsNotification(String messageId, String topicArn, String subject, String message)
    implements InboundEvent {

  @Override
  public String triggerId() {
    return messageId;
  }
}
