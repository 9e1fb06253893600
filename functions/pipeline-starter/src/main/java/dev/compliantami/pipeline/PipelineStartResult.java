package dev.compliantami.pipeline;

import java.util.List;

/**
 * The result of one invocation: what the local invoker and tests print, and what the notification
 * summarises.
 *
 * @param ignoredBecause set when the input was valid but not for this function (nothing done)
 * @param notAffected managed pipelines the trigger does not concern
 * @param eventFailures custom events that could not be put on the bus after retries
 * @param notificationError why the SNS notification could not be sent (also logged as an error)
 */
public record PipelineStartResult(
    String mode,
    String reason,
    String triggerId,
    String ignoredBecause,
    List<PipelineOutcome> pipelines,
    int notAffected,
    List<String> unknownTargets,
    int eventsPublished,
    List<String> eventFailures,
    String notificationMessageId,
    String notificationError) {

  static PipelineStartResult ignored(String mode, String why) {
    return new PipelineStartResult(mode, null, null, why, List.of(), 0, List.of(), 0, List.of(), null, null);
  }

  PipelineStartResult withNotification(String messageId, String error) {
    return new PipelineStartResult(
        mode, reason, triggerId, ignoredBecause, pipelines, notAffected, unknownTargets, eventsPublished,
        eventFailures, messageId, error);
  }

  public long count(PipelineOutcome.Status status) {
    return pipelines.stream().filter(p -> p.status() == status).count();
  }
}
