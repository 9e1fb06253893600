package dev.compliantami.allowedamis;

import java.util.List;

/**
 * One reconciliation run.
 *
 * @param declarativePolicy the Organizations declarative policy equivalent to the desired setting, for
 *     organizations that prefer to set it at the root
 */
public record ReconcileResult(
    String mode, String trigger, String ignoredBecause, List<TargetOutcome> targets, int eventsPublished,
    String declarativePolicy, String notificationMessageId, String notificationError) {

  static ReconcileResult ignored(String mode, String why) {
    return new ReconcileResult(mode, null, why, List.of(), 0, null, null, null);
  }

  public long count(String action) {
    return targets.stream().filter(t -> t.action().equals(action)).count();
  }
}
