package dev.compliantami.pipeline;

import dev.compliantami.notify.Notification;
import dev.compliantami.notify.Severity;
import dev.compliantami.pipeline.PipelineOutcome.Status;
import dev.compliantami.policy.PipelineTrigger;
import java.util.ArrayList;
import java.util.List;

/** The one message per invocation that tells the security team what pipeline-starter did and why. */
final class StartNotification {
  private StartNotification() {}

  /** Nothing to tell when the trigger concerned no managed pipeline; that is only logged. */
  static boolean worthSending(PipelineStartResult r) {
    return !r.pipelines().isEmpty() || !r.eventFailures().isEmpty() || !r.unknownTargets().isEmpty();
  }

  static Notification of(PipelineTrigger trigger, PipelineStartResult r, PipelineStarterSettings settings) {
    boolean dryRun = settings.common().dryRun();
    long started = r.count(Status.STARTED);
    long would = r.count(Status.WOULD_START);
    long skipped = r.count(Status.SKIPPED);
    long failed = r.count(Status.FAILED);
    long total = r.pipelines().size();

    String headline =
        dryRun
            ? "would start " + would + " of " + total + " factory pipeline(s)"
            : "started " + started + " of " + total + " factory pipeline(s)";
    if (failed > 0) {
      headline = "FAILED " + failed + ", " + headline;
    }
    Severity severity = failed > 0 || !r.eventFailures().isEmpty() ? Severity.WARNING : Severity.INFO;

    List<String> actions = new ArrayList<>(r.pipelines().stream().map(PipelineOutcome::line).toList());
    r.unknownTargets().forEach(t -> actions.add(t + ": no managed pipeline has this name or ARN"));
    r.eventFailures().forEach(f -> actions.add("audit event not published: " + f));

    List<String> next = new ArrayList<>();
    if (failed > 0) {
      next.add("Open the failed pipeline(s) in the EC2 Image Builder console and check the error above; "
          + (started + would == 0 ? "Lambda retries this invocation, and the same trigger cannot start a build twice."
              : "start them by hand, or invoke pipeline-starter with {\"job\":\"start-pipelines\",\"requestId\":\"<ticket>\",\"targets\":[\"<name>\"]}."));
    }
    if (started > 0) {
      next.add("Nothing to do: ami-publisher gates, shares and tags the AMIs when each build is AVAILABLE.");
    }
    if (skipped > 0) {
      next.add("Skipped pipelines start at the next trigger; start one by hand if the change cannot wait.");
    }
    if (dryRun && would > 0) {
      next.add("Review the list above; redeploy with Mode=enforce to start builds automatically.");
    }

    return new Notification(
        severity,
        "pipeline-starter " + headline + " (" + r.reason() + ")",
        "pipeline-starter handled a " + r.reason() + " trigger: " + headline + ".",
        "account " + settings.common().centralAccountId() + ", region " + settings.common().region()
            + " (EC2 Image Builder pipelines tagged compliant-ami:managed=true)",
        describe(trigger) + " (trigger id " + trigger.triggerId() + ")",
        actions,
        next,
        dryRun);
  }

  static String describe(PipelineTrigger trigger) {
    return switch (trigger) {
      case PipelineTrigger.BaseImageChanged b ->
          "base image " + b.baseImage() + " has a new AMI " + b.imageId() + " in " + b.region();
      case PipelineTrigger.ComponentReleased c ->
          "AWS released version " + c.version() + " of hardening component " + c.componentName();
      case PipelineTrigger.Refresh f when f.scheduled() ->
          "the periodic refresh is due, so every image picks up the latest patches";
      case PipelineTrigger.Refresh f ->
          "a manual start was requested" + (f.targets().isEmpty() ? "" : " for " + String.join(", ", f.targets()));
    };
  }
}
