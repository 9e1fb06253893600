package dev.compliantami.allowedamis;

import dev.compliantami.notify.Notification;
import dev.compliantami.notify.Severity;
import java.util.ArrayList;
import java.util.List;

/** One message per run in which something drifted, was changed, failed, or would be blocked. */
final class ReconcileNotification {
  private ReconcileNotification() {}

  static Notification of(ReconcileResult r, AllowedAmisSettings s) {
    boolean dryRun = s.common().dryRun();
    long drift = r.targets().stream().filter(TargetOutcome::driftFound).count();
    long failed = r.count("FAILED") + r.count("VERIFY_FAILED");
    long blocked = r.targets().stream().mapToLong(t -> t.wouldBlock().size()).sum();
    List<String> actions = new ArrayList<>(r.targets().stream().filter(TargetOutcome::newsworthy).map(TargetOutcome::line).toList());
    List<String> next = new ArrayList<>();
    if (blocked > 0) {
      next.add("Before switching to enabled, move the listed instances to approved AMIs (or exempt them): enabled blocks new launches of their images.");
    }
    if (failed > 0) {
      next.add("Fix access to the failed accounts/regions (member role " + s.boundary().memberRoleName() + "); the next run repairs them.");
    }
    if (r.count("POLICY_MANAGED") > 0) {
      next.add("Accounts governed by an Organizations declarative policy are only compared; the equivalent policy is in the function's result (declarativePolicy).");
    }
    if (dryRun && drift > 0) {
      next.add("Redeploy with Mode=enforce to repair drift automatically.");
    }
    return new Notification(
        failed > 0 || drift > 0 ? Severity.WARNING : Severity.INFO,
        "allowed-amis-enforcer: " + drift + " drifted, " + r.count("CHANGED") + " repaired, " + failed + " failed, " + blocked + " instance(s) would be blocked",
        "Allowed AMIs were checked in " + r.targets().size() + " account/region(s) of the boundary (" + r.trigger() + ").",
        r.targets().size() + " account/region(s); desired state " + s.desired().state() + ", providers " + String.join(", ", s.desired().providers()),
        "EC2 Allowed AMIs must admit only AWS's and the AMI factory's images in every account and region of the boundary",
        actions, next, dryRun);
  }
}
