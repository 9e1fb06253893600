package dev.compliantami.reaper;

import dev.compliantami.notify.Notification;
import dev.compliantami.notify.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The one digest of a run: what was (or would be) done, what the caps left for later, and what is coming due. */
final class ReaperNotification {
  static final Set<String> ACTED = Set.of("replaced", "refresh-started", "stopped", "terminated");
  static final Set<String> WOULD = Set.of("would-replace", "would-refresh", "would-stop", "would-terminate");

  private ReaperNotification() {}

  static boolean newsworthy(ReapResult r) {
    return r.failedTargets() > 0 || r.targets().stream().anyMatch(t ->
        !t.outcomes().isEmpty() || !t.warnings().isEmpty() || !t.brokenExemptions().isEmpty());
  }

  static Notification of(ReapResult r, ReaperSettings s) {
    boolean dryRun = s.common().dryRun();
    long failed = r.count("failed");
    long left = r.count("left-for-later");
    long warnings = r.targets().stream().mapToLong(t -> t.warnings().size()).sum();
    long overAge = r.outcomes().stream().filter(o -> !o.action().equals("exempt")).count();
    long done = r.outcomes().stream().filter(o -> (dryRun ? WOULD : ACTED).contains(o.action())).count();
    List<String> actions = new ArrayList<>();
    r.outcomes().stream().filter(o -> !o.action().equals("exempt")).forEach(o -> actions.add(o.line()));
    r.targets().stream().filter(t -> t.status().equals("FAILED"))
        .forEach(t -> actions.add(t.accountId() + "/" + t.region() + ": not checked: " + t.detail()));
    r.outcomes().stream().filter(o -> o.action().equals("exempt")).forEach(o -> actions.add(o.line()));
    r.targets().forEach(t -> t.warnings().forEach(w -> actions.add("coming due: " + w.line())));
    r.targets().forEach(t -> t.brokenExemptions().forEach(b -> actions.add("exemption not honoured: " + b)));

    List<String> next = new ArrayList<>();
    if (left > 0) {
      next.add("Instances left for later are handled by the next runs (caps: MaxTerminationsPerRun " + s.limits().maxPerRun()
          + ", MaxTerminationPercentPerAccount " + s.limits().maxPercentPerAccount() + "%, MaxReplacementsPerGroup "
          + s.limits().maxReplacementsPerGroup() + ").");
    }
    if (r.outcomes().stream().anyMatch(o -> o.action().equals("notified"))) {
      next.add("Standalone instances are only reported (StandaloneAction=" + s.limits().standaloneAction().code()
          + "): rebuild them from the latest compliant AMI, put them in an Auto Scaling group, or exempt them with "
          + "compliant-ami:exempt-until + compliant-ami:exempt-reason.");
    }
    if (r.outcomes().stream().anyMatch(o -> o.action().startsWith("skip-group-unhealthy") || o.action().equals("skip-protected"))) {
      next.add("Unhealthy groups and protected instances are never forced: fix the group, or remove the protection when the instance may be replaced.");
    }
    if (r.failedTargets() > 0 || failed > 0) {
      next.add("Fix access or the errors above (member role " + s.boundary().memberRoleName() + "); the next run retries.");
    }
    if (dryRun && done > 0) {
      next.add("Redeploy with Mode=enforce to replace over-age instances automatically.");
    }
    return new Notification(
        r.failedTargets() > 0 || failed > 0 || left > 0 ? Severity.WARNING : Severity.INFO,
        // SNS subjects stop at 99 characters
        "instance-reaper: " + overAge + " over age, " + done + (dryRun ? " to handle, " : " handled, ")
            + left + " later, " + (failed + r.failedTargets()) + " failed, " + warnings + " due soon",
        "Instances older than " + s.maxAgeDays() + " days (counted from first launch) were looked for in "
            + r.targets().size() + " account/region(s) of the boundary (" + r.trigger() + ").",
        r.targets().size() + " account/region(s), " + r.targets().stream().mapToInt(TargetReport::instances).sum() + " instance(s) seen",
        "no instance may go more than " + s.maxAgeDays() + " days without the latest hardened, patched compliant AMI",
        actions, next, dryRun);
  }
}
