package dev.compliantami.reaper;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsErrors;
import dev.compliantami.policy.Exemption;
import dev.compliantami.policy.Exemptions;
import dev.compliantami.policy.ReplacementPlan.Decision;
import dev.compliantami.policy.ReplacementPlan.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;

/**
 * Carries out one account/region's share of the plan. Before any action, and in dry-run too (so the preview is
 * accurate): groups to act through are checked for an instance refresh (DescribeInstanceRefreshes) and then a scaling
 * activity (DescribeScalingActivities) in progress — one call each per group acted through, not per group seen — the
 * instances are read again in one DescribeInstances (filter instance-id) and skipped if their state or tags changed or
 * an exemption appeared, and termination or stop protection is read (DescribeInstanceAttribute, only for these
 * instances) and reported, never overridden. Then, in enforce mode only, one mutating call per instance (or per
 * refreshed group).
 */
final class TargetActor {
  private static final Logger LOG = LoggerFactory.getLogger(TargetActor.class);
  static final Set<String> ACTIVITY_DONE = Set.of("Successful", "Failed", "Cancelled");
  static final int MIN_HEALTHY_PERCENTAGE = 90;

  private final boolean dryRun;
  private final int maxExemptionDays;

  TargetActor(boolean dryRun, int maxExemptionDays) {
    this.dryRun = dryRun;
    this.maxExemptionDays = maxExemptionDays;
  }

  /**
   * @param decisions the plan's decisions for this target's over-age instances
   * @return one outcome per decision, in the same order
   */
  List<InstanceOutcome> act(TargetSelection sel, List<Decision> decisions, Ec2Client ec2, AutoScalingClient autoScaling, Instant now) {
    Map<String, SeenInstance> seen = new HashMap<>();
    sel.overAge().forEach(s -> seen.put(s.instanceId(), s));
    Map<String, String> skip = new HashMap<>(); // instance id -> outcome "action|detail"
    List<Decision> acting = decisions.stream().filter(d -> d.kind().acts()).toList();

    if (!acting.isEmpty()) {
      Set<String> refreshing = refreshingGroups(acting, autoScaling);
      Set<String> busyGroups = busyGroups(acting.stream().filter(d -> !refreshing.contains(d.candidate().autoScalingGroup())).toList(), autoScaling);
      Map<String, Instance> now2 = redescribe(acting, ec2);
      LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
      for (Decision d : acting) {
        String id = d.candidate().instanceId();
        String group = d.candidate().autoScalingGroup();
        if (group != null && refreshing.contains(group)) {
          skip.put(id, Kind.SKIP_REFRESH_IN_PROGRESS.code() + "|an instance refresh of " + group + " is in progress");
          continue;
        }
        if (group != null && busyGroups.contains(group)) {
          skip.put(id, "skip-activity-in-progress|a scaling activity of " + group + " is in progress");
          continue;
        }
        String changed = changed(seen.get(id), now2.get(id), today);
        if (changed != null) {
          skip.put(id, "skip-changed|" + changed);
        }
      }
      // a refresh replaces the whole group: one changed member stops it
      Set<String> spoiledRefreshes = new HashSet<>();
      acting.stream().filter(d -> d.kind() == Kind.REFRESH_GROUP && skip.containsKey(d.candidate().instanceId()))
          .forEach(d -> spoiledRefreshes.add(d.candidate().autoScalingGroup()));
      for (Decision d : acting) {
        if (d.kind() == Kind.REFRESH_GROUP && spoiledRefreshes.contains(d.candidate().autoScalingGroup()) && !skip.containsKey(d.candidate().instanceId())) {
          skip.put(d.candidate().instanceId(), "skip-changed|another over-age member of " + d.candidate().autoScalingGroup() + " changed since selection");
        }
      }
      for (Decision d : acting) {
        String id = d.candidate().instanceId();
        if (skip.containsKey(id) || d.kind() == Kind.REFRESH_GROUP) {
          continue;
        }
        String protection = protection(ec2, id, d.kind());
        if (protection != null) {
          skip.put(id, "skip-protected|" + protection + " is on; not overridden");
        }
      }
    }

    Map<String, String> refreshes = new LinkedHashMap<>(); // group -> "action|detail", once per group
    List<InstanceOutcome> out = new ArrayList<>(decisions.size());
    for (Decision d : decisions) {
      SeenInstance s = seen.get(d.candidate().instanceId());
      String result;
      if (skip.containsKey(s.instanceId())) {
        result = skip.get(s.instanceId());
      } else if (d.kind() == Kind.REFRESH_GROUP) {
        result = refreshes.computeIfAbsent(d.candidate().autoScalingGroup(), g -> refresh(autoScaling, g));
      } else if (d.kind().acts()) {
        result = mutate(d.kind(), s, ec2, autoScaling);
      } else {
        result = passive(d) + "|" + (d.why() == null ? "" : d.why());
      }
      String[] parts = result.split("\\|", 2);
      String detail = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
      if (s.exemption() instanceof Exemption.Broken b) {
        detail = (detail == null ? "" : detail + "; ") + b.describe() + " (not honoured)";
      }
      InstanceOutcome o = new InstanceOutcome(sel.target().accountId(), sel.target().region(), s.instanceId(), s.state(),
          s.age().days(), s.age().since().toString(), s.age().basis().code(), s.autoScalingGroup(), parts[0], detail);
      LOG.info("over-age instance", entry("outcome", o));
      out.add(o);
    }
    return out;
  }

  private static String passive(Decision d) {
    return switch (d.kind()) {
      case NOTIFY -> "notified";
      default -> d.kind().code();
    };
  }

  /** Groups acted through with an instance refresh pending or in progress: one DescribeInstanceRefreshes per group. */
  static Set<String> refreshingGroups(List<Decision> acting, AutoScalingClient autoScaling) {
    Set<String> refreshing = new HashSet<>();
    acting.stream().map(d -> d.candidate().autoScalingGroup()).filter(g -> g != null).distinct()
        .filter(g -> TargetSelector.refreshInProgress(autoScaling, g)).forEach(refreshing::add);
    return refreshing;
  }

  /** Groups acted through whose recent activities include one not finished. */
  private static Set<String> busyGroups(List<Decision> acting, AutoScalingClient autoScaling) {
    Set<String> busy = new HashSet<>();
    acting.stream().map(d -> d.candidate().autoScalingGroup()).filter(g -> g != null).distinct().forEach(g -> {
      boolean inProgress = autoScaling.describeScalingActivities(r -> r.autoScalingGroupName(g).maxRecords(10)).activities().stream()
          .anyMatch(a -> !ACTIVITY_DONE.contains(a.statusCodeAsString()));
      if (inProgress) {
        busy.add(g);
      }
    });
    return busy;
  }

  /** The acting instances as they are now; filter by id (not InstanceIds) so a vanished id does not fail the call. */
  private static Map<String, Instance> redescribe(List<Decision> acting, Ec2Client ec2) {
    return redescribeIds(acting.stream().map(d -> d.candidate().instanceId()).toList(), ec2);
  }

  private static Map<String, Instance> redescribeIds(List<String> ids, Ec2Client ec2) {
    Map<String, Instance> out = new HashMap<>();
    for (int start = 0; start < ids.size(); start += 200) {
      List<String> batch = ids.subList(start, Math.min(start + 200, ids.size()));
      ec2.describeInstancesPaginator(r -> r.maxResults(TargetSelector.PAGE).filters(f -> f.name("instance-id").values(batch)))
          .reservations().forEach(res -> res.instances().forEach(i -> out.put(i.instanceId(), i)));
    }
    return out;
  }

  private String changed(SeenInstance before, Instance now, LocalDate today) {
    if (now == null) {
      return "no longer found";
    }
    String state = now.state().nameAsString();
    if (!state.equals(before.state())) {
      return "state changed since selection: " + before.state() + " -> " + state;
    }
    Map<String, String> tags = new HashMap<>();
    now.tags().forEach(t -> tags.put(t.key(), t.value()));
    if (!tags.equals(before.tags())) {
      Exemption e = Exemptions.evaluate(tags, today, maxExemptionDays);
      return e.exempts() ? "an exemption appeared since selection: " + e.describe() : "tags changed since selection";
    }
    return null;
  }

  private static String protection(Ec2Client ec2, String id, Kind kind) {
    if (kind == Kind.STOP) {
      return Boolean.TRUE.equals(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute(InstanceAttributeName.DISABLE_API_STOP))
          .disableApiStop().value()) ? "stop protection (disableApiStop)" : null;
    }
    return Boolean.TRUE.equals(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute(InstanceAttributeName.DISABLE_API_TERMINATION))
        .disableApiTermination().value()) ? "termination protection (disableApiTermination)" : null;
  }

  private String mutate(Kind kind, SeenInstance s, Ec2Client ec2, AutoScalingClient autoScaling) {
    if (dryRun) {
      return switch (kind) {
        case REPLACE_IN_GROUP -> "would-replace|terminate in " + s.autoScalingGroup() + " without decrementing desired capacity";
        case STOP -> "would-stop|";
        default -> "would-terminate|";
      };
    }
    try {
      return switch (kind) {
        case REPLACE_IN_GROUP -> {
          var activity = autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(s.instanceId()).shouldDecrementDesiredCapacity(false)).activity();
          yield "replaced|" + s.autoScalingGroup() + " launches a replacement (activity " + (activity == null ? "?" : activity.activityId()) + ")";
        }
        case STOP -> {
          ec2.stopInstances(r -> r.instanceIds(s.instanceId()));
          yield "stopped|";
        }
        default -> {
          ec2.terminateInstances(r -> r.instanceIds(s.instanceId()));
          yield "terminated|";
        }
      };
    } catch (SdkClientException e) {
      return unanswered(kind, s, ec2, e);
    } catch (SdkException e) {
      return "failed|" + AwsErrors.describe(e);
    }
  }

  /**
   * The action got no answer (every attempt timed out or lost its connection) but may have been carried out, and a
   * retry of a replacement that went through fails (the instance has left its group). The instance is read again:
   * one already on its way down or stopped is reported as done, not as failed.
   */
  private static String unanswered(Kind kind, SeenInstance s, Ec2Client ec2, SdkClientException e) {
    String why = AwsErrors.describe(e);
    try {
      Map<String, Instance> now = redescribeIds(List.of(s.instanceId()), ec2);
      String state = now.containsKey(s.instanceId()) ? now.get(s.instanceId()).state().nameAsString() : "gone";
      boolean down = Set.of("shutting-down", "terminated", "gone").contains(state);
      if (kind == Kind.REPLACE_IN_GROUP && down) {
        return "replaced|" + s.autoScalingGroup() + " launches a replacement (the call got no answer: " + why + "; the instance is now " + state + ")";
      }
      if (kind == Kind.STOP && Set.of("stopping", "stopped").contains(state)) {
        return "stopped|the call got no answer (" + why + "); the instance is now " + state;
      }
      if (kind == Kind.TERMINATE && down) {
        return "terminated|the call got no answer (" + why + "); the instance is now " + state;
      }
      return "failed|" + why + "; the instance is still " + state;
    } catch (SdkException unreadable) {
      return "failed|" + why + "; the instance could not be read again: " + AwsErrors.describe(unreadable);
    }
  }

  private String refresh(AutoScalingClient autoScaling, String group) {
    if (dryRun) {
      return "would-refresh|instance refresh of " + group + " (Rolling, MinHealthyPercentage " + MIN_HEALTHY_PERCENTAGE + ")";
    }
    try {
      String id = autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(group).strategy(RefreshStrategy.ROLLING)
          .preferences(p -> p.minHealthyPercentage(MIN_HEALTHY_PERCENTAGE).scaleInProtectedInstances("Ignore").standbyInstances("Ignore")))
          .instanceRefreshId();
      return "refresh-started|instance refresh " + id + " of " + group;
    } catch (SdkClientException e) {
      // no answer, but the refresh may have started (and a retry then meets InstanceRefreshInProgress): look for it
      String why = AwsErrors.describe(e);
      try {
        var running = autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(group).maxRecords(10)).instanceRefreshes().stream()
            .filter(r -> Set.of("Pending", "InProgress").contains(r.statusAsString())).findFirst();
        if (running.isPresent()) {
          return "refresh-started|instance refresh " + running.get().instanceRefreshId() + " of " + group + " (the start got no answer: " + why
              + "; the refresh is now " + running.get().statusAsString() + ")";
        }
        return "failed|" + why + "; no refresh of " + group + " is running";
      } catch (SdkException unreadable) {
        return "failed|" + why + "; the group's refreshes could not be read: " + AwsErrors.describe(unreadable);
      }
    } catch (SdkException e) {
      String code = AwsErrors.code(e);
      return (code.startsWith("InstanceRefreshInProgress") ? "skip-refresh-in-progress|" : "failed|") + AwsErrors.describe(e);
    }
  }
}
