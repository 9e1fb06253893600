package dev.compliantami.events;

/** What a function can be invoked with: an EventBridge event, a job from a schedule or a person, or an SNS message. */
public sealed interface InboundEvent permits EventEnvelope, JobInvocation, SnsNotification {

  /** The id that makes a redelivery of the same trigger recognisable (idempotency key). */
  String triggerId();
}
