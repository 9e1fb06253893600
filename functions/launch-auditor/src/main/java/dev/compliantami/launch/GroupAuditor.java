package dev.compliantami.launch;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.AwsErrors;
import dev.compliantami.fleet.Target;
import dev.compliantami.policy.ImageApproval;
import dev.compliantami.policy.ImageFacts;
import dev.compliantami.policy.ImageVerdict;
import dev.compliantami.policy.LaunchAction;
import dev.compliantami.policy.ManagedTags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.ImageMetadata;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * The launches of one account and region in one batch: one DescribeInstances and one DescribeInstanceImageMetadata for
 * all of them (≤ 1,000 ids per call), the {@code /compliant-ami/latest/*} parameters and the factory's gate tags only
 * when a factory image is involved, the verdicts, then the actions — re-reading the instances right before any stop,
 * terminate or unhealthy mark.
 */
final class GroupAuditor {
  static final String ASG_TAG = "aws:autoscaling:groupName";
  static final String LATEST_PATH = "/compliant-ami/latest";
  static final String GATE_TAG = "compliant-ami:gate";
  static final int IDS_PER_CALL = 1000;
  private static final int ASG_IDS_PER_CALL = 50;
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
  private static final Logger LOG = LoggerFactory.getLogger(GroupAuditor.class);

  /** Gate tag values ({@code passed}/{@code failed}) of factory images, read with the factory's credentials in a region. */
  interface FactoryTags extends BiFunction<String, Collection<String>, Map<String, String>> {}

  private final LaunchAuditorSettings settings;
  private final FactoryTags factoryTags;

  GroupAuditor(LaunchAuditorSettings settings, FactoryTags factoryTags) {
    this.settings = settings;
    this.factoryTags = factoryTags;
  }

  /**
   * One account/region after the read-only phase: the verdicts and the decisions enforce mode would take, before the
   * invocation's caps ({@link LaunchAction#cap}) and before any mutation.
   */
  static final class Judgement {
    final Target target;
    final List<String> order;
    final Map<String, InstanceVerdict> notFound = new HashMap<>();
    final Map<String, Judged> judged = new LinkedHashMap<>();

    Judgement(Target target, List<String> order) {
      this.target = target;
      this.order = order;
    }

    /** The disruptive-or-not decisions in first-seen order, where the caps can see them. */
    List<LaunchAction.Placed> placed() {
      return judged.values().stream().map(j -> new LaunchAction.Placed(target.accountId(), target.region(), j.instance.instanceId(),
          j.tags.get(ASG_TAG), j.decision)).toList();
    }

    /** Takes back the capped decisions, in the order of {@link #placed()}. */
    void decided(List<LaunchAction.Decision> decisions) {
      int k = 0;
      for (Judged j : judged.values()) {
        j.decision = decisions.get(k++);
      }
    }

    /** @return one verdict per distinct instance id, in first-seen order */
    List<InstanceVerdict> verdicts() {
      return order.stream().map(id -> notFound.containsKey(id) ? notFound.get(id) : judged.get(id).verdict(target)).toList();
    }
  }

  /** Read-only: describes, judges and decides (as enforce mode would, the caps and dry-run come after). */
  Judgement judge(Target target, Collection<String> instanceIds, AwsClients clients, Instant now) {
    Ec2Client ec2 = clients.get(Ec2Client.class, Ec2Client::builder);
    Map<String, Instance> found = describe(ec2, instanceIds);
    Map<String, ImageMetadata> images = metadata(ec2, found.keySet());
    Set<String> latest = Set.of();
    Map<String, String> gate = Map.of();
    Set<String> factoryImages = images.values().stream().filter(m -> m != null && settings.policy().factoryAccountId().equals(m.ownerId()))
        .map(ImageMetadata::imageId).collect(Collectors.toCollection(LinkedHashSet::new));
    if (!factoryImages.isEmpty()) {
      latest = latestParameters(clients.get(SsmClient.class, SsmClient::builder));
      Set<String> notCurrent = new LinkedHashSet<>(factoryImages);
      notCurrent.removeAll(latest);
      gate = notCurrent.isEmpty() ? Map.of() : factoryTags.apply(target.region(), notCurrent);
    }

    Judgement out = new Judgement(target, List.copyOf(new LinkedHashSet<>(instanceIds)));
    for (String id : out.order) {
      Instance instance = found.get(id);
      if (instance == null) {
        out.notFound.put(id, new InstanceVerdict(target.accountId(), target.region(), id, null, "NOT_FOUND", List.of(), null, null, "none",
            "no such instance in " + target.label() + " (terminated long ago, or never existed)", null));
        continue;
      }
      Map<String, String> tags = tags(instance.tags());
      ImageFacts facts = facts(instance.imageId(), images.get(id), latest, gate);
      ImageVerdict verdict = ImageApproval.judge(facts, target.accountId(), tags, settings.policy(), now);
      LaunchAction.Decision d = LaunchAction.decide(verdict, settings.action(), false, view(instance, tags, false, false, false));
      out.judged.put(id, new Judged(instance, tags, verdict, d));
    }
    return out;
  }

  /**
   * After the caps: in dry-run only says what would be done; in enforce mode re-reads the instances to disrupt, writes
   * the verdict tags and takes the steps.
   *
   * @return one verdict per distinct instance id, in first-seen order
   */
  List<InstanceVerdict> act(Judgement judgement, AwsClients clients) {
    if (settings.common().dryRun()) {
      judgement.judged.values().forEach(j -> j.decision = LaunchAction.dryRun(j.verdict, j.decision));
    } else if (!judgement.judged.isEmpty()) {
      act(judgement.target, clients.get(Ec2Client.class, Ec2Client::builder), clients, judgement.judged);
    }
    return judgement.verdicts();
  }

  /** Mutable per-instance state while a group is worked on. */
  private static final class Judged {
    final Instance instance;
    final Map<String, String> tags;
    final ImageVerdict verdict;
    LaunchAction.Decision decision;
    String error;

    Judged(Instance instance, Map<String, String> tags, ImageVerdict verdict, LaunchAction.Decision decision) {
      this.instance = instance;
      this.tags = tags;
      this.verdict = verdict;
      this.decision = decision;
    }

    InstanceVerdict verdict(Target t) {
      List<String> reasons = new ArrayList<>(verdict.codes());
      return new InstanceVerdict(t.accountId(), t.region(), instance.instanceId(), instance.imageId(), verdict.outcome().name(), List.copyOf(reasons),
          verdict.exemption().describe(), tags.get(ASG_TAG), error == null ? decision.action() : "none", decision.withheld(), error,
          decision.capped());
    }
  }

  private void act(Target target, Ec2Client ec2, AwsClients clients, Map<String, Judged> judged) {
    List<Judged> drastic = judged.values().stream().filter(j -> j.decision.step() != LaunchAction.Step.NONE).toList();
    if (!drastic.isEmpty()) {
      recheck(ec2, clients, drastic);
    }
    Map<String, List<String>> byTag = new LinkedHashMap<>();
    judged.values().stream().filter(j -> j.decision.tag() != null)
        .forEach(j -> byTag.computeIfAbsent(j.decision.tag(), t -> new ArrayList<>()).add(j.instance.instanceId()));
    byTag.forEach((value, ids) -> {
      for (List<String> chunk : chunks(ids, IDS_PER_CALL)) {
        try {
          ec2.createTags(r -> r.resources(chunk).tags(Tag.builder().key(ManagedTags.VERDICT).value(value).build()));
        } catch (SdkException e) {
          chunk.forEach(id -> judged.get(id).error = "tagging failed: " + AwsErrors.describe(e));
        }
      }
    });
    for (Judged j : judged.values()) {
      if (j.error != null || j.decision.step() == LaunchAction.Step.NONE) {
        continue;
      }
      String id = j.instance.instanceId();
      try {
        switch (j.decision.step()) {
          case STOP -> ec2.stopInstances(r -> r.instanceIds(id));
          case TERMINATE -> ec2.terminateInstances(r -> r.instanceIds(id));
          case MARK_UNHEALTHY -> clients.get(AutoScalingClient.class, AutoScalingClient::builder)
              .setInstanceHealth(r -> r.instanceId(id).healthStatus("Unhealthy").shouldRespectGracePeriod(false));
          case NONE -> { }
        }
        LOG.info("acted on instance", entry("target", target.label()), entry("instanceId", id), entry("step", j.decision.step()),
            entry("reasons", j.verdict.codes()));
      } catch (SdkException e) {
        if (tookEffect(j.decision.step(), id, ec2, clients)) {
          // e.g. the answer was lost (timeout, reset) after EC2 / Auto Scaling had accepted the request
          LOG.warn("acted on instance; the call failed but its effect is there", entry("target", target.label()), entry("instanceId", id),
              entry("step", j.decision.step()), entry("detail", AwsErrors.describe(e)));
        } else {
          j.error = j.decision.step().name().toLowerCase() + " failed: " + AwsErrors.describe(e);
        }
      }
    }
  }

  /** After a failed stop/terminate/unhealthy call: does the instance show its effect anyway? False when that cannot be read. */
  private static boolean tookEffect(LaunchAction.Step step, String id, Ec2Client ec2, AwsClients clients) {
    try {
      return switch (step) {
        case STOP -> {
          Instance i = describe(ec2, List.of(id)).get(id);
          yield i != null && Set.of("stopping", "stopped").contains(i.state().nameAsString());
        }
        case TERMINATE -> {
          Instance i = describe(ec2, List.of(id)).get(id);
          yield i != null && Set.of("shutting-down", "terminated").contains(i.state().nameAsString());
        }
        case MARK_UNHEALTHY -> clients.get(AutoScalingClient.class, AutoScalingClient::builder)
            .describeAutoScalingInstances(r -> r.instanceIds(id)).autoScalingInstances().stream()
            .anyMatch(d -> "UNHEALTHY".equalsIgnoreCase(d.healthStatus()) || d.lifecycleState().startsWith("Terminating"));
        case NONE -> false;
      };
    } catch (SdkException unreadable) {
      return false;
    }
  }

  /** Right before stop/terminate/unhealthy: the instances' current state, protection and group health, then decide again. */
  private void recheck(Ec2Client ec2, AwsClients clients, List<Judged> drastic) {
    Map<String, Instance> now = describe(ec2, drastic.stream().map(j -> j.instance.instanceId()).toList());
    List<String> grouped = drastic.stream().filter(j -> j.tags.containsKey(ASG_TAG)).map(j -> j.instance.instanceId()).toList();
    Set<String> unhealthy = new HashSet<>();
    if (!grouped.isEmpty()) {
      AutoScalingClient asg = clients.get(AutoScalingClient.class, AutoScalingClient::builder);
      for (List<String> chunk : chunks(grouped, ASG_IDS_PER_CALL)) {
        for (AutoScalingInstanceDetails d : asg.describeAutoScalingInstances(r -> r.instanceIds(chunk)).autoScalingInstances()) {
          if ("UNHEALTHY".equalsIgnoreCase(d.healthStatus()) || d.lifecycleState().startsWith("Terminating")) {
            unhealthy.add(d.instanceId());
          }
        }
      }
    }
    for (Judged j : drastic) {
      String id = j.instance.instanceId();
      Instance current = now.get(id);
      if (current == null) {
        j.decision = new LaunchAction.Decision(j.decision.tag(), LaunchAction.Step.NONE, "none", "instance gone before acting");
        continue;
      }
      Map<String, String> tags = tags(current.tags());
      boolean standalone = !tags.containsKey(ASG_TAG);
      boolean stopProtected = standalone && j.decision.step() == LaunchAction.Step.STOP
          && attribute(ec2, id, InstanceAttributeName.DISABLE_API_STOP);
      boolean terminationProtected = standalone && j.decision.step() == LaunchAction.Step.TERMINATE
          && attribute(ec2, id, InstanceAttributeName.DISABLE_API_TERMINATION);
      LaunchAction.Decision again = LaunchAction.decide(j.verdict, settings.action(), false,
          view(current, tags, stopProtected, terminationProtected, unhealthy.contains(id)));
      // the caps allotted this step: another disruptive step (it joined a group meanwhile) waits for a later invocation
      j.decision = again.step() == LaunchAction.Step.NONE || again.step() == j.decision.step() ? again
          : new LaunchAction.Decision(again.tag(), LaunchAction.Step.NONE, again.tag() == null ? "notified" : "tagged", "changed since judged (now " + again.step() + "); left for later");
    }
  }

  private static boolean attribute(Ec2Client ec2, String id, InstanceAttributeName name) {
    var r = ec2.describeInstanceAttribute(b -> b.instanceId(id).attribute(name));
    var value = name == InstanceAttributeName.DISABLE_API_STOP ? r.disableApiStop() : r.disableApiTermination();
    return value != null && Boolean.TRUE.equals(value.value());
  }

  private static LaunchAction.Instance view(Instance i, Map<String, String> tags, boolean stopProtected, boolean terminationProtected, boolean unhealthy) {
    return new LaunchAction.Instance(i.state() == null ? null : i.state().nameAsString(), tags.get(ASG_TAG), stopProtected, terminationProtected,
        unhealthy, tags.get(ManagedTags.VERDICT));
  }

  /**
   * One DescribeInstances per 1,000 ids. An id EC2 does not know fails the whole call
   * ({@code InvalidInstanceID.NotFound} naming it): the call is repeated without the ids it names.
   */
  static Map<String, Instance> describe(Ec2Client ec2, Collection<String> ids) {
    Map<String, Instance> out = new HashMap<>();
    for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(ids)), IDS_PER_CALL)) {
      List<String> ask = new ArrayList<>(chunk);
      while (!ask.isEmpty()) {
        try {
          List<String> request = ask;
          ec2.describeInstancesPaginator(r -> r.instanceIds(request)).reservations()
              .forEach(res -> res.instances().forEach(i -> out.put(i.instanceId(), i)));
          break;
        } catch (Ec2Exception e) {
          Set<String> missing = missingIds(e);
          if (!"InvalidInstanceID.NotFound".equals(AwsErrors.code(e)) || missing.isEmpty() || !ask.removeAll(missing)) {
            throw e;
          }
        }
      }
    }
    return out;
  }

  static Set<String> missingIds(Ec2Exception e) {
    Set<String> ids = new HashSet<>();
    Matcher m = INSTANCE_ID.matcher(e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? "" : e.awsErrorDetails().errorMessage());
    while (m.find()) {
      ids.add(m.group());
    }
    return ids;
  }

  private static Map<String, ImageMetadata> metadata(Ec2Client ec2, Collection<String> ids) {
    Map<String, ImageMetadata> out = new HashMap<>();
    for (List<String> chunk : chunks(new ArrayList<>(ids), IDS_PER_CALL)) {
      ec2.describeInstanceImageMetadataPaginator(r -> r.instanceIds(chunk)).instanceImageMetadata()
          .forEach(i -> out.put(i.instanceId(), i.imageMetadata()));
    }
    return out;
  }

  private static Set<String> latestParameters(SsmClient ssm) {
    Set<String> values = new HashSet<>();
    ssm.getParametersByPathPaginator(r -> r.path(LATEST_PATH).recursive(true).maxResults(10))
        .forEach(page -> page.parameters().stream().map(Parameter::value).forEach(values::add));
    return values;
  }

  /** What the verdict needs to know about an instance's image. */
  static ImageFacts facts(String imageId, ImageMetadata m, Set<String> latest, Map<String, String> gate) {
    if (m == null || m.ownerId() == null || "deregistered".equals(m.stateAsString())) {
      return ImageFacts.missing(imageId);
    }
    ImageFacts.Publication publication;
    if (latest.contains(m.imageId())) {
      publication = ImageFacts.Publication.CURRENT;
    } else {
      publication = switch (gate.getOrDefault(m.imageId(), "")) {
        case "passed" -> ImageFacts.Publication.PUBLISHED;
        case "failed" -> ImageFacts.Publication.BLOCKED;
        default -> ImageFacts.Publication.UNKNOWN;
      };
    }
    return new ImageFacts(m.imageId(), true, m.ownerId(), m.imageOwnerAlias(), instant(m.creationDate()),
        instant(m.deprecationTime()), publication);
  }

  private static Instant instant(String iso) {
    return iso == null || iso.isBlank() ? null : Instant.parse(iso);
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new HashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value()));
    return out;
  }

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
    }
    return out;
  }
}
