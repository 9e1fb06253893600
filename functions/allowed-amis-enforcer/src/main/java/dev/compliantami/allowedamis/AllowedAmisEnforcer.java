package dev.compliantami.allowedamis;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.events.AllowedAmisReconciled;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.fleet.Boundary;
import dev.compliantami.fleet.FanOut;
import dev.compliantami.fleet.MemberClients;
import dev.compliantami.fleet.OrganizationAccounts;
import dev.compliantami.fleet.Target;
import dev.compliantami.fleet.TargetResult;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.policy.AllowedImagesDeclarativePolicy;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Reconciles the boundary's accounts × regions (all of them, or the one a CloudTrail event names). */
final class AllowedAmisEnforcer {
  private static final Logger LOG = LoggerFactory.getLogger(AllowedAmisEnforcer.class);

  private final AllowedAmisSettings settings;
  private final AwsClients central;
  private final Lazy<MemberClients> members;
  private final EventPublisher events;
  private final Notifier notifier;
  private final TargetReconciler reconciler;

  AllowedAmisEnforcer(AllowedAmisSettings settings, AwsClients central, EventPublisher events, Notifier notifier) {
    this.settings = settings;
    this.central = central;
    this.members = Lazy.of(() -> MemberClients.from(central, settings.centralAccountId(), settings.boundary(), settings.common().functionName()));
    this.events = events;
    this.notifier = notifier;
    this.reconciler = new TargetReconciler(settings.desired(), settings.common().dryRun());
  }

  /** The boundary's targets; resolving OUs may fail, which fails the invocation (nothing was done). */
  List<Target> boundary() {
    return Boundary.resolve(settings.boundary(), settings.centralAccountId(), OrganizationAccounts.of(central)).targets();
  }

  ReconcileResult run(String trigger, Predicate<Target> which) {
    List<Target> targets = boundary().stream().filter(which).toList();
    List<TargetOutcome> outcomes = FanOut.run(targets, settings.boundary().parallelism(),
            t -> reconciler.reconcile(t, members.get().clients(t).get(Ec2Client.class, Ec2Client::builder)))
        .stream()
        .map(r -> switch (r) {
          case TargetResult.Done<TargetOutcome> done -> done.value();
          case TargetResult.Failed<TargetOutcome> failed -> new TargetOutcome(failed.target().accountId(), failed.target().region(), "FAILED",
              null, null, null, List.of(), List.of(), failed.reason());
        })
        .toList();
    outcomes.forEach(o -> LOG.info("allowed AMIs", entry("outcome", o), entry("trigger", trigger)));

    List<AllowedAmisReconciled> details = outcomes.stream()
        .map(o -> new AllowedAmisReconciled(CustomDetail.SCHEMA_VERSION, o.accountId(), o.region(),
            o.stateAfter() == null ? "unknown" : o.stateAfter(), o.driftFound(), o.changed(),
            o.managedBy() == null ? "unknown" : o.managedBy(), settings.common().dryRun()))
        .toList();
    EventPublisher.PublishResult published = details.isEmpty() ? new EventPublisher.PublishResult(0, List.of()) : events.publish(details, d -> List.of());
    String policy = AllowedImagesDeclarativePolicy.json(settings.desired());
    ReconcileResult result = new ReconcileResult(settings.common().mode().value(), trigger, null, outcomes, published.published(), policy, null, null);
    if (outcomes.stream().noneMatch(TargetOutcome::newsworthy)) {
      return result;
    }
    Notifier.Delivery d = notifier.tryPublish(ReconcileNotification.of(result, settings));
    return new ReconcileResult(result.mode(), trigger, null, outcomes, published.published(), policy, d.messageId(), d.error());
  }
}
