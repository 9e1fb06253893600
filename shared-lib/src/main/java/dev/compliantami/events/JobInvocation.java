package dev.compliantami.events;

import java.time.Instant;
import java.util.List;

/**
 * A job started by EventBridge Scheduler (its explicit JSON {@code Input}, with {@code executionId}
 * and {@code scheduledTime}) or by a person ({@code requestId}, e.g. a change ticket).
 *
 * @param targets optional names or ARNs the job is limited to (manual runs); empty means all
 */
public record JobInvocation(
    String job,
    String invocationId,
    boolean scheduled,
    Instant scheduledTime,
    String scheduleArn,
    List<String> targets)
    implements InboundEvent {

  @Override
  public String triggerId() {
    return invocationId;
  }
}
