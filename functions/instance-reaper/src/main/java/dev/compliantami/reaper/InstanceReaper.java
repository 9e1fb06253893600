package dev.compliantami.reaper;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.events.OverageInstancesHandled;
import dev.compliantami.fleet.Boundary;
import dev.compliantami.fleet.FanOut;
import dev.compliantami.fleet.MemberClients;
import dev.compliantami.fleet.OrganizationAccounts;
import dev.compliantami.fleet.Target;
import dev.compliantami.fleet.TargetResult;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.policy.Exemption;
import dev.compliantami.policy.ReplacementPlan;
import dev.compliantami.policy.ReplacementPlan.Decision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * One run over the boundary in three phases: select (read-only, every account/region in parallel), plan (pure, the
 * whole boundary at once, so the run and account caps see everything), act (per account/region in parallel). One
 * {@code Overage Instances Handled} event per account/region that could be read, one digest notification per run.
 */
final class InstanceReaper {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceReaper.class);

  private final ReaperSettings settings;
  private final AwsClients central;
  private final Lazy<MemberClients> members;
  private final EventPublisher events;
  private final Notifier notifier;
  private final Clock clock;
  private final TargetSelector selector;
  private final TargetActor actor;

  InstanceReaper(ReaperSettings settings, AwsClients central, EventPublisher events, Notifier notifier, Clock clock) {
    this.settings = settings;
    this.central = central;
    this.members = Lazy.of(() -> MemberClients.from(central, settings.centralAccountId(), settings.boundary(), settings.common().functionName()));
    this.events = events;
    this.notifier = notifier;
    this.clock = clock;
    this.selector = new TargetSelector(settings.maxAgeDays(), settings.warnDaysBefore(), settings.maxExemptionDays());
    this.actor = new TargetActor(settings.common().dryRun(), settings.maxExemptionDays());
  }

  ReapResult run(String trigger) {
    Instant now = clock.instant();
    List<Target> targets = Boundary.resolve(settings.boundary(), settings.centralAccountId(), OrganizationAccounts.of(central)).targets();
    int parallelism = settings.boundary().parallelism();

    List<TargetResult<TargetSelection>> selected = FanOut.run(targets, parallelism,
        t -> selector.select(t, ec2(t), autoScaling(t), now));
    List<TargetSelection> readable = selected.stream()
        .flatMap(r -> r instanceof TargetResult.Done<TargetSelection> d ? Stream.of(d.value()) : Stream.empty()).toList();

    ReplacementPlan.Plan plan = plan(readable);
    Map<Target, List<Decision>> byTarget = new LinkedHashMap<>();
    readable.forEach(s -> byTarget.put(s.target(), new ArrayList<>()));
    plan.decisions().forEach(d -> byTarget.get(new Target(d.candidate().accountId(), d.candidate().region())).add(d));

    List<TargetResult<List<InstanceOutcome>>> acted = FanOut.run(readable.stream().map(TargetSelection::target).toList(), parallelism,
        t -> actor.act(readable.stream().filter(s -> s.target().equals(t)).findFirst().orElseThrow(), byTarget.get(t), ec2(t), autoScaling(t), now));
    Map<Target, TargetResult<List<InstanceOutcome>>> actedBy = new HashMap<>();
    acted.forEach(r -> actedBy.put(r.target(), r));

    List<TargetReport> reports = new ArrayList<>();
    for (TargetResult<TargetSelection> r : selected) {
      reports.add(switch (r) {
        case TargetResult.Failed<TargetSelection> f -> new TargetReport(f.target().accountId(), f.target().region(), "FAILED",
            f.reason(), 0, List.of(), List.of(), List.of(), false);
        case TargetResult.Done<TargetSelection> d -> report(d.value(), byTarget.get(d.target()), actedBy.get(d.target()), now);
      });
    }
    reports.forEach(t -> LOG.info("instance-reaper target", entry("accountId", t.accountId()), entry("region", t.region()),
        entry("status", t.status()), entry("detail", t.detail()), entry("instances", t.instances()), entry("capped", t.capped()), entry("trigger", trigger)));

    List<OverageInstancesHandled> details = reports.stream().filter(t -> t.status().equals("OK")).map(this::detail).toList();
    EventPublisher.PublishResult published = details.isEmpty() ? new EventPublisher.PublishResult(0, List.of()) : events.publish(details, d -> List.of());
    ReapResult result = new ReapResult(settings.common().mode().value(), trigger, null, settings.maxAgeDays(), reports, published.published(), null, null);
    if (!ReaperNotification.newsworthy(result)) {
      return result;
    }
    Notifier.Delivery delivery = notifier.tryPublish(ReaperNotification.of(result, settings));
    return new ReapResult(result.mode(), trigger, null, settings.maxAgeDays(), reports, published.published(), delivery.messageId(), delivery.error());
  }

  /** The pure plan over every readable target; accounts sized by their instances in all boundary regions. */
  ReplacementPlan.Plan plan(List<TargetSelection> readable) {
    Map<String, Integer> accountInstances = new HashMap<>();
    List<ReplacementPlan.Candidate> candidates = new ArrayList<>();
    List<ReplacementPlan.Group> groups = new ArrayList<>();
    for (TargetSelection s : readable) {
      accountInstances.merge(s.target().accountId(), s.instances(), Integer::sum);
      groups.addAll(s.groups());
      s.overAge().forEach(i -> candidates.add(new ReplacementPlan.Candidate(s.target().accountId(), s.target().region(),
          i.instanceId(), i.state(), i.age().days(), i.autoScalingGroup())));
    }
    return ReplacementPlan.decide(candidates, groups, accountInstances, settings.limits());
  }

  private TargetReport report(TargetSelection s, List<Decision> decisions, TargetResult<List<InstanceOutcome>> acted, Instant now) {
    List<InstanceOutcome> outcomes = new ArrayList<>();
    String status = "OK";
    String detail = null;
    if (acted instanceof TargetResult.Done<List<InstanceOutcome>> d) {
      outcomes.addAll(d.value());
    } else if (acted instanceof TargetResult.Failed<List<InstanceOutcome>> f) {
      detail = "acting failed: " + f.reason();
      for (Decision d : decisions) {
        SeenInstance i = s.overAge().stream().filter(x -> x.instanceId().equals(d.candidate().instanceId())).findFirst().orElseThrow();
        outcomes.add(outcome(s, i, d.kind().acts() ? "failed" : d.kind().code(), f.reason()));
      }
    }
    s.exempt().forEach(i -> outcomes.add(outcome(s, i, "exempt", i.exemption().describe())));
    List<Warning> warnings = s.nearing().stream()
        .map(i -> new Warning(s.target().accountId(), s.target().region(), i.instanceId(), i.autoScalingGroup(), i.age().days(),
            i.age().passesMaxAgeAt(settings.maxAgeDays()).atZone(ZoneOffset.UTC).toLocalDate().toString(), i.age().basis().code()))
        .toList();
    List<String> broken = Stream.concat(s.overAge().stream(), s.nearing().stream())
        .filter(i -> i.exemption() instanceof Exemption.Broken)
        .map(i -> s.target().label() + " " + i.instanceId() + ": " + i.exemption().describe())
        .toList();
    boolean capped = outcomes.stream().anyMatch(o -> o.action().equals("left-for-later"));
    return new TargetReport(s.target().accountId(), s.target().region(), status, detail, s.instances(), outcomes, warnings, broken, capped);
  }

  private static InstanceOutcome outcome(TargetSelection s, SeenInstance i, String action, String detail) {
    return new InstanceOutcome(s.target().accountId(), s.target().region(), i.instanceId(), i.state(), i.age().days(),
        i.age().since().toString(), i.age().basis().code(), i.autoScalingGroup(), action, detail);
  }

  private OverageInstancesHandled detail(TargetReport t) {
    return new OverageInstancesHandled(CustomDetail.SCHEMA_VERSION, t.accountId(), t.region(), settings.maxAgeDays(),
        t.outcomes().stream().map(o -> new OverageInstancesHandled.Handled(o.instanceId(), Instant.parse(o.since()), o.ageDays(), o.action(), o.autoScalingGroup())).toList(),
        t.capped(), settings.common().dryRun());
  }

  private Ec2Client ec2(Target t) {
    return members.get().clients(t).get(Ec2Client.class, Ec2Client::builder);
  }

  private AutoScalingClient autoScaling(Target t) {
    return members.get().clients(t).get(AutoScalingClient.class, AutoScalingClient::builder);
  }
}
