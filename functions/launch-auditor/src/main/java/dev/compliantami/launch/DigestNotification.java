package dev.compliantami.launch;

import dev.compliantami.notify.Notification;
import dev.compliantami.notify.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message per invocation, not per launch: violations grouped by account and reason, broken exemptions, instances
 * not found and failures; compliant and validly exempt launches are only counted. Nothing is sent when every launch
 * was compliant or validly exempt.
 */
final class DigestNotification {
  private DigestNotification() {}

  /**
   * Malformed messages alone are not news here (no AWS call at all for them): they are logged, counted
   * ({@code MalformedMessages}) and retried until the dead-letter queue, whose alarm reports them.
   */
  static boolean newsworthy(LaunchAuditResult r, List<String> groupFailures) {
    return r.violations() > 0 || r.failed().stream().anyMatch(f -> !malformed(f)) || !groupFailures.isEmpty()
        || r.verdicts().stream().anyMatch(v -> v.exemption() != null && v.exemption().startsWith("broken"));
  }

  static Notification of(LaunchAuditResult r, List<String> groupFailures, LaunchAuditorSettings s) {
    boolean dryRun = s.common().dryRun();
    Map<String, Map<String, List<String>>> byAccountAndReason = new TreeMap<>();
    for (InstanceVerdict v : r.verdicts()) {
      if (!v.violation()) {
        continue;
      }
      for (String reason : v.reasons()) {
        byAccountAndReason.computeIfAbsent(v.accountId(), a -> new TreeMap<>()).computeIfAbsent(reason, x -> new ArrayList<>()).add(line(v));
      }
    }
    List<String> actions = new ArrayList<>();
    byAccountAndReason.forEach((account, reasons) -> reasons.forEach((reason, lines) ->
        actions.add("account " + account + ", " + reason + " (" + lines.size() + "): " + String.join("; ", lines))));
    r.verdicts().stream().filter(v -> !v.violation() && v.exemption() != null && v.exemption().startsWith("broken"))
        .forEach(v -> actions.add(v.accountId() + "/" + v.region() + " " + v.instanceId() + ": " + v.exemption() + " (image compliant, tag ignored)"));
    r.verdicts().stream().filter(v -> v.outcome().equals("NOT_FOUND"))
        .forEach(v -> actions.add(v.accountId() + "/" + v.region() + " " + v.instanceId() + ": not found, not judged"));
    List<String> later = r.verdicts().stream().filter(InstanceVerdict::capped)
        .map(v -> v.accountId() + "/" + v.region() + " " + v.instanceId() + (v.autoScalingGroup() != null ? " (ASG " + v.autoScalingGroup() + ")" : ""))
        .toList();
    if (!later.isEmpty()) {
      actions.add("left for later by the caps, only notified (" + later.size() + "): " + String.join("; ", later));
    }
    groupFailures.forEach(f -> actions.add("not audited, retried: " + f));
    r.failed().stream().filter(DigestNotification::malformed)
        .forEach(f -> actions.add("message " + f.messageId() + " rejected: " + f.reason()));

    List<String> next = new ArrayList<>();
    if (r.violations() > 0) {
      next.add("Relaunch the listed instances from a published compliant AMI (/compliant-ami/latest/* in their account and region),"
          + " or exempt them with the tags compliant-ami:exempt-until=<yyyy-mm-dd, at most " + s.policy().maxExemptionDays()
          + " days ahead> and compliant-ami:exempt-reason=<why>.");
    }
    if (r.capped() > 0) {
      next.add(r.capped() + " violating instance(s) were left for later by the blast-radius caps (MaxTerminationsPerRun="
          + s.caps().maxPerRun() + ", MaxReplacementsPerGroup=" + s.caps().maxPerGroup() + "): launch-auditor acts on them at their next launch;"
          + " replace or exempt them, or let instance-reaper replace them when they pass the maximum age.");
    }
    if (!groupFailures.isEmpty()) {
      next.add("Check the member role " + s.boundary().memberRoleName() + " in the failed accounts; their launches are retried, then go to the queue's dead-letter queue.");
    }
    if (dryRun && r.violations() > 0 && s.action() != dev.compliantami.policy.LaunchAction.Configured.NOTIFY) {
      next.add("Redeploy with Mode=enforce to " + s.action().value() + " violating instances.");
    }
    return new Notification(
        r.violations() > 0 || !groupFailures.isEmpty() ? Severity.WARNING : Severity.INFO,
        "launch-auditor: " + r.violations() + " violation(s), " + r.compliant() + " compliant, " + r.exempt() + " exempt of " + r.launches() + " launch(es)",
        r.launches() + " launched instance(s) were judged: " + r.compliant() + " compliant (counted, not listed), " + r.exempt()
            + " validly exempt, " + r.violations() + " in violation" + (r.capped() > 0 ? " (" + r.capped() + " left for later by the caps)" : "")
            + ", " + r.notFound() + " not found.",
        byAccountAndReason.size() + " account(s) with violations; action on violations: " + s.action().value(),
        "every instance in the boundary must run a published compliant AMI of the factory (" + s.policy().factoryAccountId()
            + ")" + (s.policy().approvedProviders().isEmpty() ? "" : " or of an approved provider (" + String.join(", ", s.policy().approvedProviders()) + ")")
            + ", not deprecated more than " + s.policy().deprecatedGraceDays() + " days, created at most " + s.policy().maxImageAgeDays() + " days ago",
        actions, next, dryRun);
  }

  static boolean malformed(LaunchAuditResult.FailedMessage f) {
    return f.reason().startsWith("malformed");
  }

  private static String line(InstanceVerdict v) {
    String s = v.instanceId() + " (" + v.imageId() + ", " + v.region() + (v.autoScalingGroup() != null ? ", ASG " + v.autoScalingGroup() : "") + ") -> " + v.action();
    if (v.withheld() != null) {
      s += " [" + v.withheld() + "]";
    }
    if (v.error() != null) {
      s += " [" + v.error() + "]";
    }
    return s;
  }
}
