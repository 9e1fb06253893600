package dev.compliantami.report;

import dev.compliantami.notify.Notification;
import dev.compliantami.notify.Severity;
import java.util.ArrayList;
import java.util.List;

/** The one message per report: headline numbers, the three worst accounts, where the files are. */
final class ReportNotification {
  private ReportNotification() {}

  static Notification of(FleetReport r, List<String> locations, String memberRoleName) {
    FleetReport.Totals t = r.totals();
    String percent = t.compliantPercent() == null ? "n/a" : ReportHtml.fmt(t.compliantPercent()) + "%";
    List<String> actions = new ArrayList<>();
    actions.add("Report written (the function only reads the fleet; it writes the report in every mode):");
    locations.forEach(l -> actions.add("  " + l));
    List<String> next = new ArrayList<>();
    for (String account : r.worstAccounts()) {
      r.accounts().stream().filter(a -> a.accountId().equals(account)).findFirst().ifPresent(a -> next.add("Worst account " + a.accountId()
          + ": " + (a.compliantPercent() == null ? "n/a" : ReportHtml.fmt(a.compliantPercent()) + "%") + " compliant, "
          + a.violations() + " violation(s) of " + a.instances() + " instance(s) - move them to current factory AMIs or exempt them."));
    }
    if (t.overMaxAge() > 0) {
      next.add(t.overMaxAge() + " instance(s) are past the maximum age of " + r.policy().maxInstanceAgeDays() + " days: replace them (instance-reaper does in enforce mode).");
    }
    if (t.likelyBastions() > 0) {
      next.add(t.likelyBastions() + " instance(s) expose SSH/RDP to the internet: replace bastions with Session Manager or EC2 Instance Connect.");
    }
    if (t.unreadableTargets() > 0) {
      next.add(t.unreadableTargets() + " account/region(s) could not be read (see the report's targets): check the member role "
          + memberRoleName + " there.");
    }
    return new Notification(
        t.violations() > 0 || t.unreadableTargets() > 0 ? Severity.WARNING : Severity.INFO,
        "fleet-report " + r.period() + " " + r.reportDate() + ": " + percent + " compliant, " + t.violations() + " violation(s), "
            + t.overMaxAge() + " over age",
        "The " + r.period() + " fleet report for " + r.reportDate() + " is ready: " + t.instances() + " instance(s), " + percent
            + " on approved AMIs (" + t.compliant() + " compliant, " + t.exempt() + " exempt, " + t.violations() + " violation(s)); "
            + t.overMaxAge() + " past and " + t.nearMaxAge() + " near the maximum age; " + t.notSsmManaged()
            + " not managed by Systems Manager; " + t.likelyBastions() + " likely bastion(s); " + t.unreadableTargets() + " of "
            + t.targets() + " account/region(s) unreadable. Mode: " + r.mode() + ".",
        r.boundary().accountIds().size() + " account(s) x " + String.join(", ", r.boundary().regions()),
        "Continuous-monitoring evidence: every instance must run a current, approved AMI and be replaced before the maximum age",
        actions, next, false);
  }
}
