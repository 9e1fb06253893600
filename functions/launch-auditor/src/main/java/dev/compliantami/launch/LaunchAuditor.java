package dev.compliantami.launch;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.InstanceComplianceVerdict;
import dev.compliantami.events.MalformedEventException;
import dev.compliantami.events.SqsBatch;
import dev.compliantami.fleet.FanOut;
import dev.compliantami.fleet.MemberClients;
import dev.compliantami.fleet.Target;
import dev.compliantami.fleet.TargetResult;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.policy.LaunchAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * One SQS batch: parse each message on its own, group the launches by account/region, audit each group (groups in
 * parallel, one failing group fails only its messages), then one verdict event per instance and one digest.
 */
final class LaunchAuditor {
  private static final Logger LOG = LoggerFactory.getLogger(LaunchAuditor.class);

  private final LaunchAuditorSettings settings;
  private final AwsClients central;
  private final Lazy<MemberClients> members;
  private final EventPublisher events;
  private final Notifier notifier;
  private final GroupAuditor groups;
  private final Supplier<Instant> clock;

  LaunchAuditor(LaunchAuditorSettings settings, AwsClients central, EventPublisher events, Notifier notifier, Supplier<Instant> clock) {
    this.settings = settings;
    this.central = central;
    this.members = Lazy.of(() -> MemberClients.from(central, settings.centralAccountId(), settings.boundary(), settings.common().functionName()));
    this.events = events;
    this.notifier = notifier;
    this.groups = new GroupAuditor(settings, (region, ids) -> factoryGateTags(region, ids));
    this.clock = clock;
  }

  LaunchAuditResult audit(SqsBatch batch) {
    List<LaunchAuditResult.FailedMessage> failed = new ArrayList<>();
    Map<Target, List<InstanceLaunch>> byTarget = new LinkedHashMap<>();
    int ignored = 0;
    for (SqsBatch.Message m : batch.messages()) {
      try {
        EventEnvelope e = m.envelope();
        if (!InstanceLaunch.isStateChange(e)) {
          ignored++;
          LOG.info("message ignored", entry("messageId", m.messageId()), entry("reason", "detail-type '" + e.detailType() + "' from " + e.source() + " is not a launch"));
          continue;
        }
        InstanceLaunch launch = InstanceLaunch.of(m.messageId(), m.index(), e);
        if (!InstanceLaunch.LAUNCH_STATES.contains(launch.state())) {
          ignored++;
          continue;
        }
        if (!settings.boundary().accountIds().isEmpty() && !settings.boundary().accountIds().contains(launch.target().accountId())
            && !launch.target().accountId().equals(settings.centralAccountId())) {
          ignored++;
          LOG.warn("launch outside the boundary ignored", entry("messageId", m.messageId()), entry("account", launch.target().accountId()));
          continue;
        }
        byTarget.computeIfAbsent(launch.target(), t -> new ArrayList<>()).add(launch);
      } catch (MalformedEventException e) {
        LOG.error("malformed message; nothing was changed for it", entry("messageId", m.messageId()), entry("path", e.path()), entry("detail", e.getMessage()));
        failed.add(new LaunchAuditResult.FailedMessage(m.messageId(), e.getMessage()));
      }
    }

    Instant now = clock.get();
    List<Target> targets = new ArrayList<>(byTarget.keySet());
    List<TargetResult<GroupAuditor.Judgement>> judged = FanOut.run(targets, settings.boundary().parallelism(), t -> {
      Set<String> ids = new LinkedHashSet<>();
      byTarget.get(t).forEach(l -> ids.add(l.instanceId()));
      return groups.judge(t, ids, members.get().clients(t), now);
    });
    // the caps see the whole invocation at once (every account/region), in the batch's order
    List<GroupAuditor.Judgement> readable = judged.stream()
        .flatMap(r -> r instanceof TargetResult.Done<GroupAuditor.Judgement> d ? java.util.stream.Stream.of(d.value()) : java.util.stream.Stream.empty())
        .toList();
    List<LaunchAction.Placed> placed = readable.stream().flatMap(j -> j.placed().stream()).toList();
    List<LaunchAction.Decision> allotted = LaunchAction.cap(placed, settings.caps());
    int k = 0;
    for (GroupAuditor.Judgement j : readable) {
      int n = j.placed().size();
      j.decided(allotted.subList(k, k + n));
      k += n;
    }
    Map<Target, GroupAuditor.Judgement> byJudged = new HashMap<>();
    readable.forEach(j -> byJudged.put(j.target, j));
    Map<Target, TargetResult<List<InstanceVerdict>>> acted = new HashMap<>();
    FanOut.run(readable.stream().map(j -> j.target).toList(), settings.boundary().parallelism(),
        t -> groups.act(byJudged.get(t), members.get().clients(t))).forEach(r -> acted.put(r.target(), r));
    List<TargetResult<List<InstanceVerdict>>> results = judged.stream()
        .map(r -> r instanceof TargetResult.Failed<GroupAuditor.Judgement> f
            ? new TargetResult.Failed<List<InstanceVerdict>>(f.target(), f.reason())
            : acted.get(r.target()))
        .toList();

    List<InstanceVerdict> verdicts = new ArrayList<>();
    List<String> groupFailures = new ArrayList<>();
    for (TargetResult<List<InstanceVerdict>> r : results) {
      switch (r) {
        case TargetResult.Done<List<InstanceVerdict>> done -> {
          verdicts.addAll(done.value());
          Set<String> erred = new LinkedHashSet<>();
          done.value().stream().filter(v -> v.error() != null).forEach(v -> erred.add(v.instanceId()));
          byTarget.get(r.target()).stream().filter(l -> erred.contains(l.instanceId()))
              .forEach(l -> failed.add(new LaunchAuditResult.FailedMessage(l.messageId(), "action on " + l.instanceId() + " failed; retried")));
        }
        case TargetResult.Failed<List<InstanceVerdict>> f -> {
          LOG.error("account/region failed; its messages are retried", entry("target", f.target().label()), entry("detail", f.reason()));
          groupFailures.add(f.target().label() + ": " + f.reason());
          byTarget.get(f.target()).forEach(l -> failed.add(new LaunchAuditResult.FailedMessage(l.messageId(), f.target().label() + ": " + f.reason())));
        }
      }
    }
    verdicts.forEach(v -> LOG.info("verdict", entry("verdict", v)));

    List<InstanceComplianceVerdict> details = verdicts.stream().filter(v -> !v.outcome().equals("NOT_FOUND"))
        .map(v -> new InstanceComplianceVerdict(CustomDetail.SCHEMA_VERSION, v.accountId(), v.region(), v.instanceId(), v.imageId(),
            v.outcome().equals("COMPLIANT"), eventReasons(v), v.action(), settings.common().dryRun()))
        .toList();
    int published = details.isEmpty() ? 0
        : events.publish(details, d -> List.of(arn(d.region(), d.accountId(), d.instanceId()))).published();

    int compliant = count(verdicts, "COMPLIANT");
    int exempt = count(verdicts, "EXEMPT");
    int violations = count(verdicts, "VIOLATION");
    int notFound = count(verdicts, "NOT_FOUND");
    int capped = (int) verdicts.stream().filter(InstanceVerdict::capped).count();
    String mode = settings.common().mode().value();
    LaunchAuditResult result = new LaunchAuditResult(failures(failed), mode, settings.action().value(), batch.messages().size(), verdicts.size(),
        compliant, exempt, violations, notFound, capped, ignored, List.copyOf(failed), List.copyOf(verdicts), published, null, null, null);
    if (!DigestNotification.newsworthy(result, groupFailures)) {
      return result;
    }
    Notifier.Delivery d = notifier.tryPublish(DigestNotification.of(result, groupFailures, settings));
    return new LaunchAuditResult(result.batchItemFailures(), mode, result.configuredAction(), result.messages(), result.launches(), compliant, exempt,
        violations, notFound, capped, ignored, result.failed(), result.verdicts(), published, d.messageId(), d.error(), null);
  }

  /** The event's reasons: the verdict's codes, and {@code EXEMPT} last when a valid exemption covers them. */
  private static List<String> eventReasons(InstanceVerdict v) {
    if (!v.outcome().equals("EXEMPT")) {
      return v.reasons();
    }
    List<String> r = new ArrayList<>(v.reasons());
    r.add("EXEMPT");
    return List.copyOf(r);
  }

  private static List<LaunchAuditResult.BatchItemFailure> failures(List<LaunchAuditResult.FailedMessage> failed) {
    Set<String> ids = new LinkedHashSet<>();
    failed.forEach(f -> ids.add(f.messageId()));
    return ids.stream().map(LaunchAuditResult.BatchItemFailure::new).toList();
  }

  private static int count(List<InstanceVerdict> verdicts, String outcome) {
    return (int) verdicts.stream().filter(v -> v.outcome().equals(outcome)).count();
  }

  private static String arn(String region, String account, String instanceId) {
    String partition = region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
    return "arn:" + partition + ":ec2:" + region + ":" + account + ":instance/" + instanceId;
  }

  /**
   * The factory's {@code compliant-ami:gate} tags on its images in {@code region} (only the owner sees its tags):
   * with the central credentials when the factory is the central account, else through the member role there.
   */
  private Map<String, String> factoryGateTags(String region, Collection<String> imageIds) {
    Target factory = new Target(settings.policy().factoryAccountId(), region);
    Ec2Client ec2 = members.get().clients(factory).get(Ec2Client.class, Ec2Client::builder);
    Map<String, String> out = new HashMap<>();
    for (List<String> chunk : GroupAuditor.chunks(new ArrayList<>(imageIds), 200)) {
      for (Image image : ec2.describeImagesPaginator(r -> r.owners("self").includeDeprecated(true)
          .filters(f -> f.name("image-id").values(chunk))).images()) {
        image.tags().stream().filter(t -> t.key().equals(GroupAuditor.GATE_TAG)).forEach(t -> out.put(image.imageId(), t.value()));
      }
    }
    return out;
  }
}
