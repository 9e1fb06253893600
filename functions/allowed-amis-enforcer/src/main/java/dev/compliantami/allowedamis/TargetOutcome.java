package dev.compliantami.allowedamis;

import java.util.List;

/**
 * The Allowed AMIs setting of one account and region.
 *
 * @param action IN_SYNC, CHANGED, WOULD_CHANGE, POLICY_MANAGED, VERIFY_FAILED or FAILED
 * @param wouldBlock running instances whose image the desired criteria would not allow (impact preview)
 */
public record TargetOutcome(
    String accountId, String region, String action, String stateBefore, String stateAfter, String managedBy,
    List<String> differences, List<String> wouldBlock, String detail) {

  boolean driftFound() {
    return !differences.isEmpty();
  }

  boolean changed() {
    return action.equals("CHANGED");
  }

  boolean newsworthy() {
    return driftFound() || !wouldBlock.isEmpty() || action.equals("FAILED") || action.equals("VERIFY_FAILED");
  }

  String line() {
    StringBuilder b = new StringBuilder(accountId + "/" + region + ": " + action);
    if (!differences.isEmpty()) {
      b.append(" — ").append(String.join("; ", differences));
    }
    if (detail != null) {
      b.append(" — ").append(detail);
    }
    if (!wouldBlock.isEmpty()) {
      b.append("\n      would block in enabled mode: ").append(String.join("; ", wouldBlock));
    }
    return b.toString();
  }
}
