package dev.compliantami.publisher;

import dev.compliantami.notify.Notification;
import dev.compliantami.notify.Severity;
import dev.compliantami.policy.GateCheck;
import java.util.ArrayList;
import java.util.List;

/** The messages ami-publisher sends: published, gate failed, build failed. */
final class PublishNotification {
  private PublishNotification() {}

  static Notification of(PublishResult r, BuiltImage image, AmiPublisherSettings s) {
    boolean dryRun = s.common().dryRun();
    List<String> actions = new ArrayList<>();
    r.gate().forEach(c -> actions.add("gate " + c.name() + ": " + (c.passed() ? "passed" : "FAILED") + " — " + c.detail()));
    for (PublishResult.AmiOutcome a : r.amis()) {
      actions.add(a.imageId() + " (" + a.region() + "): "
          + (a.sharedWith().isEmpty() ? "already shared" : "shared with " + String.join(", ", a.sharedWith()))
          + (a.tagsSet().isEmpty() ? "" : "; tags set: " + String.join(", ", a.tagsSet()))
          + (a.note() == null ? "" : "; " + a.note()));
    }
    long updated = r.rollForward().stream().filter(t -> t.action().equals("UPDATED") || t.action().equals("WOULD_UPDATE")).count();
    long failed = r.rollForward().stream().filter(t -> t.action().equals("FAILED")).count()
        + r.amis().stream().filter(a -> a.note() != null && a.note().startsWith("FAILED")).count();
    if (!r.rollForward().isEmpty()) {
      actions.add("/compliant-ami/latest/" + r.baseline() + ": " + updated + " of " + r.rollForward().size() + " account/region(s) "
          + (dryRun ? "would be updated" : "updated") + (failed == 0 ? "" : ", " + failed + " FAILED"));
      r.rollForward().stream().filter(t -> t.action().equals("FAILED") || t.action().equals("NO_AMI_IN_REGION") || t.action().equals("NOT_ROLLED_FORWARD"))
          .forEach(t -> actions.add("  " + (t.accountId() == null ? "boundary" : t.accountId() + "/" + t.region()) + ": " + t.action() + " — " + t.detail()));
    }
    if (!r.deprecated().isEmpty()) {
      actions.add((dryRun ? "would deprecate" : "deprecated") + " in " + s.deprecateAfterDays() + " days: " + String.join(", ", r.deprecated()));
    }

    List<String> next = new ArrayList<>();
    String subject;
    Severity severity;
    if (r.published()) {
      subject = "ami-publisher " + (dryRun ? "would publish " : "published ") + r.baseline() + " (" + r.amis().size() + " AMI(s))";
      severity = failed == 0 ? Severity.INFO : Severity.WARNING;
      next.add("Launch templates that use resolve:ssm:/compliant-ami/latest/" + r.baseline() + " pick the new AMI at their next launch.");
      if (!s.shares()) {
        next.add("Nothing was shared: set OrganizationArn or ShareWithOuArns so the boundary's accounts can launch these AMIs.");
      }
      if (failed > 0) {
        next.add("Fix access to the failed accounts (member role " + s.boundary().memberRoleName() + "); the next image event retries them.");
      }
    } else {
      subject = "ami-publisher BLOCKED " + r.baseline() + ": gate failed";
      severity = Severity.WARNING;
      next.add("The AMIs were not shared and are tagged compliant-ami:gate=failed. Fix the failed checks and rebuild the image.");
    }
    next.add("Build and test (SCAP) logs: " + r.logsLocation());
    return new Notification(severity, subject,
        "Image " + image.name() + " (" + r.imageBuildVersionArn() + ") finished building: " + (r.published() ? "it passed the gate." : "it did not pass the gate."),
        "factory account " + s.centralAccountId() + ", regions " + String.join(", ", r.amis().stream().map(PublishResult.AmiOutcome::region).distinct().toList()),
        "a new image of baseline " + r.baseline() + " is AVAILABLE (EC2 Image Builder)",
        actions, next, dryRun);
  }

  static Notification buildFailed(BuiltImage image, AmiPublisherSettings s) {
    return new Notification(Severity.WARNING, "hardening build FAILED: " + image.baseline(),
        "The Image Builder build " + image.arn() + " FAILED" + (image.statusReason() == null ? "." : ": " + image.statusReason()),
        "factory account " + s.centralAccountId() + ", pipeline " + image.pipelineArn(),
        "a failed hardening build means the fleet keeps running the previous image",
        List.of("nothing: a failed build is not published"),
        List.of("Read the build and test logs: " + image.logsLocation(), "Fix the recipe or component and start the pipeline again (pipeline-starter with {\"job\":\"start-pipelines\",…})."),
        s.common().dryRun());
  }

  static String failedChecks(List<GateCheck> gate) {
    return String.join(",", gate.stream().filter(c -> !c.passed()).map(GateCheck::name).toList());
  }
}
