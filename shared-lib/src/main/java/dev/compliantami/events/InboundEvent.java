package dev.compliantami.events;

/** What a function can be invoked with: an EventBridge event, or a job from a schedule or a person. */
public sealed interface InboundEvent permits EventEnvelope, JobInvocation {

  /** The id that makes a redelivery of the same trigger recognisable (idempotency key). */
  String triggerId();
}
