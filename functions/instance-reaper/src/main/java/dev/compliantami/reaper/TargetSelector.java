package dev.compliantami.reaper;

import dev.compliantami.fleet.Target;
import dev.compliantami.policy.Exemption;
import dev.compliantami.policy.Exemptions;
import dev.compliantami.policy.InstanceAge;
import dev.compliantami.policy.ReplacementPlan;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The read-only selection in one account and region: every running and stopped instance from DescribeInstances
 * pages of 1,000 (server-side state filter, no per-instance call), then only for the groups that have over-age
 * candidates: DescribeAutoScalingGroups batched 50 names a call. Instance refreshes are not read here: with hundreds of
 * groups holding candidates that would be one call per group, while the caps let the plan act on a few; {@link
 * TargetActor} reads them for the groups the plan acts through, right before acting (as it does scaling activities).
 */
final class TargetSelector {
  static final String GROUP_TAG = "aws:autoscaling:groupName";
  static final int PAGE = 1000;
  static final int GROUPS_PER_CALL = 50;
  static final Set<String> REFRESH_ACTIVE = Set.of("Pending", "InProgress", "Cancelling", "RollbackInProgress", "Baking");

  private final int maxAgeDays;
  private final int warnDays;
  private final int maxExemptionDays;

  TargetSelector(int maxAgeDays, int warnDays, int maxExemptionDays) {
    this.maxAgeDays = maxAgeDays;
    this.warnDays = warnDays;
    this.maxExemptionDays = maxExemptionDays;
  }

  TargetSelection select(Target target, Ec2Client ec2, AutoScalingClient autoScaling, Instant now) {
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    List<SeenInstance> overAge = new ArrayList<>();
    List<SeenInstance> exempt = new ArrayList<>();
    List<SeenInstance> nearing = new ArrayList<>();
    Map<String, Set<String>> exemptByGroup = new HashMap<>();
    int[] count = {0};
    ec2.describeInstancesPaginator(r -> r.maxResults(PAGE).filters(f -> f.name("instance-state-name").values("running", "stopped")))
        .reservations()
        .forEach(reservation -> reservation.instances().forEach(i -> {
          count[0]++;
          SeenInstance seen = seen(i, now, today);
          if (seen.exemption().exempts() && seen.autoScalingGroup() != null) {
            exemptByGroup.computeIfAbsent(seen.autoScalingGroup(), g -> new HashSet<>()).add(seen.instanceId());
          }
          if (seen.age().isOver(maxAgeDays)) {
            (seen.exemption().exempts() ? exempt : overAge).add(seen);
          } else if (seen.age().isNearing(maxAgeDays, warnDays, now)) {
            nearing.add(seen);
          }
        }));
    Set<String> groupNames = new LinkedHashSet<>();
    overAge.stream().filter(s -> s.autoScalingGroup() != null).forEach(s -> groupNames.add(s.autoScalingGroup()));
    return new TargetSelection(target, count[0], overAge, exempt, nearing, groups(target, autoScaling, List.copyOf(groupNames), exemptByGroup));
  }

  SeenInstance seen(Instance i, Instant now, LocalDate today) {
    Map<String, String> tags = new HashMap<>();
    for (Tag t : i.tags()) {
      tags.put(t.key(), t.value());
    }
    InstanceAge age = InstanceAge.of(i.launchTime(), primaryEniAttachTime(i), rootVolumeAttachTime(i), now);
    Exemption exemption = Exemptions.evaluate(tags, today, maxExemptionDays);
    return new SeenInstance(i.instanceId(), i.state().nameAsString(), i.launchTime(), age, tags.get(GROUP_TAG), Map.copyOf(tags), exemption);
  }

  private List<ReplacementPlan.Group> groups(Target target, AutoScalingClient autoScaling, List<String> names,
      Map<String, Set<String>> exemptByGroup) {
    List<ReplacementPlan.Group> out = new ArrayList<>();
    for (int start = 0; start < names.size(); start += GROUPS_PER_CALL) {
      List<String> batch = names.subList(start, Math.min(start + GROUPS_PER_CALL, names.size()));
      autoScaling.describeAutoScalingGroupsPaginator(r -> r.autoScalingGroupNames(batch).maxRecords(100))
          .autoScalingGroups()
          .forEach(g -> out.add(group(target, g, false, exemptByGroup.getOrDefault(g.autoScalingGroupName(), Set.of()))));
    }
    return out;
  }

  private static ReplacementPlan.Group group(Target target, AutoScalingGroup g, boolean refreshing, Set<String> exemptMembers) {
    int healthy = (int) g.instances().stream()
        .filter(i -> "InService".equals(i.lifecycleStateAsString()) && "Healthy".equalsIgnoreCase(i.healthStatus()))
        .count();
    Set<String> protectedIds = new HashSet<>();
    g.instances().stream().filter(i -> Boolean.TRUE.equals(i.protectedFromScaleIn())).forEach(i -> protectedIds.add(i.instanceId()));
    return new ReplacementPlan.Group(target.accountId(), target.region(), g.autoScalingGroupName(), g.desiredCapacity(),
        g.instances().size(), healthy, protectedIds, refreshing, exemptMembers);
  }

  /** Refreshes come newest first; any active one among the recent ones counts (read by {@link TargetActor}). */
  static boolean refreshInProgress(AutoScalingClient autoScaling, String group) {
    return autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(group).maxRecords(10)).instanceRefreshes().stream()
        .anyMatch(r -> REFRESH_ACTIVE.contains(r.statusAsString()));
  }

  private static Instant primaryEniAttachTime(Instance i) {
    for (InstanceNetworkInterface eni : i.networkInterfaces()) {
      if (eni.attachment() != null && Integer.valueOf(0).equals(eni.attachment().deviceIndex())) {
        return eni.attachment().attachTime();
      }
    }
    return null;
  }

  private static Instant rootVolumeAttachTime(Instance i) {
    for (InstanceBlockDeviceMapping m : i.blockDeviceMappings()) {
      if (m.deviceName() != null && m.deviceName().equals(i.rootDeviceName()) && m.ebs() != null) {
        return m.ebs().attachTime();
      }
    }
    return null;
  }
}
