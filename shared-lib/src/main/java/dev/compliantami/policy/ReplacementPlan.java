package dev.compliantami.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * instance-reaper's decision for one run (pure): given the over-age, non-exempt instances of the whole boundary, their
 * Auto Scaling groups and the size of each account, which instances are acted on now and which the caps leave for a
 * later run.
 *
 * <p>Rules, in the order they apply:
 *
 * <ul>
 *   <li>Oldest first (age in days descending, then account, region, instance id): when a cap bites, the oldest got
 *       their turn.
 *   <li>Auto Scaling members are replaced through their group only: a group that is not described, has an instance
 *       refresh in progress or is unhealthy (healthy in-service instances &lt; desired capacity) is skipped; an
 *       instance protected from scale-in is skipped. When {@code refreshThresholdPercent} &gt; 0 and more than that
 *       share of the group is over age, the whole group is refreshed (this costs the group's size in the caps, since
 *       a refresh replaces every instance); when that does not fit the caps, the group falls back to single
 *       replacements. Otherwise at most {@code maxReplacementsPerGroup} members per group per run.
 *   <li>Standalone instances get the {@link StandaloneAction}: {@code notify} costs nothing; {@code stop} of an
 *       already stopped instance is nothing to do; {@code stop} and {@code terminate} cost one each.
 *   <li>Every disruptive action (replace, refresh, stop, terminate) counts against {@code maxPerRun} and against the
 *       account's share: {@code max(1, floor(maxPercentPerAccount × account's instances / 100))} (at least one, so a
 *       small account is not starved forever). {@code maxPerRun = 0} acts on nothing.
 * </ul>
 */
public final class ReplacementPlan {

  /** What to do with a standalone (not Auto Scaling) instance over the maximum age. */
  public enum StandaloneAction {
    NOTIFY,
    STOP,
    TERMINATE;

    /** {@code notify}, {@code stop} or {@code terminate}; null when unknown. */
    public static StandaloneAction parse(String value) {
      if (value == null) {
        return null;
      }
      for (StandaloneAction a : values()) {
        if (a.code().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return a;
        }
      }
      return null;
    }

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The caps and choices of a run. */
  public record Limits(
      int maxPerRun, int maxPercentPerAccount, int maxReplacementsPerGroup, int refreshThresholdPercent,
      StandaloneAction standaloneAction) {
    public Limits {
      if (maxPerRun < 0) {
        throw new IllegalArgumentException("maxPerRun < 0");
      }
      if (maxPercentPerAccount < 1 || maxPercentPerAccount > 100) {
        throw new IllegalArgumentException("maxPercentPerAccount must be 1-100");
      }
      if (maxReplacementsPerGroup < 1) {
        throw new IllegalArgumentException("maxReplacementsPerGroup < 1");
      }
      if (refreshThresholdPercent < 0 || refreshThresholdPercent > 100) {
        throw new IllegalArgumentException("refreshThresholdPercent must be 0-100");
      }
      Objects.requireNonNull(standaloneAction, "standaloneAction");
    }

    /** The account's cap for a run given how many instances it has (running and stopped, all boundary regions). */
    public int accountCap(int accountInstances) {
      return Math.max(1, (int) Math.floor(maxPercentPerAccount * (double) accountInstances / 100));
    }
  }

  /**
   * An over-age instance that is not exempt.
   *
   * @param state {@code running} or {@code stopped}
   * @param autoScalingGroup the group's name (tag {@code aws:autoscaling:groupName}), or null when standalone
   */
  public record Candidate(String accountId, String region, String instanceId, String state, long ageDays, String autoScalingGroup) {
    public Candidate {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(state, "state");
    }

    public boolean standalone() {
      return autoScalingGroup == null;
    }

    GroupKey groupKey() {
      return new GroupKey(accountId, region, autoScalingGroup);
    }
  }

  /**
   * An Auto Scaling group as described.
   *
   * @param size instances in the group (any lifecycle state)
   * @param healthyInService instances {@code InService} and {@code Healthy}
   * @param scaleInProtected ids of the group's instances protected from scale-in
   * @param refreshInProgress an instance refresh is pending, in progress, cancelling or rolling back
   * @param exemptMembers ids of the group's instances with a valid exemption: a refresh would replace them too, so
   *     such a group is never refreshed (its other members are replaced one by one)
   */
  public record Group(String accountId, String region, String name, int desired, int size, int healthyInService,
      Set<String> scaleInProtected, boolean refreshInProgress, Set<String> exemptMembers) {
    public Group {
      scaleInProtected = Set.copyOf(scaleInProtected);
      exemptMembers = Set.copyOf(exemptMembers);
    }

    public Group(String accountId, String region, String name, int desired, int size, int healthyInService,
        Set<String> scaleInProtected, boolean refreshInProgress) {
      this(accountId, region, name, desired, size, healthyInService, scaleInProtected, refreshInProgress, Set.of());
    }

    public boolean healthy() {
      return healthyInService >= desired;
    }

    GroupKey key() {
      return new GroupKey(accountId, region, name);
    }
  }

  record GroupKey(String accountId, String region, String name) {}

  /** What the plan says about one candidate. */
  public enum Kind {
    /** TerminateInstanceInAutoScalingGroup without decrementing the desired capacity. */
    REPLACE_IN_GROUP(true),
    /** Covered by an instance refresh of its group. */
    REFRESH_GROUP(true),
    STOP(true),
    TERMINATE(true),
    /** Standalone, StandaloneAction=notify: listed, not touched. */
    NOTIFY(false),
    /** Standalone, StandaloneAction=stop, already stopped. */
    ALREADY_STOPPED(false),
    /** A cap (run, account or per group) leaves it for a later run. */
    LEFT_FOR_LATER(false),
    SKIP_GROUP_UNHEALTHY(false),
    SKIP_REFRESH_IN_PROGRESS(false),
    SKIP_SCALE_IN_PROTECTED(false),
    SKIP_GROUP_NOT_FOUND(false);

    private final boolean acts;

    Kind(boolean acts) {
      this.acts = acts;
    }

    /** A mutating action (counts against the caps). */
    public boolean acts() {
      return acts;
    }

    /** {@code replace-in-group}, {@code left-for-later}, … */
    public String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** One candidate's decision; {@code why} explains skips and caps in words. */
  public record Decision(Candidate candidate, Kind kind, String why) {}

  /** The decisions, one per candidate, in the plan's order (oldest first). */
  public record Plan(List<Decision> decisions) {
    public Plan {
      decisions = List.copyOf(decisions);
    }

    public List<Decision> acting() {
      return decisions.stream().filter(d -> d.kind().acts()).toList();
    }

    public long count(Kind kind) {
      return decisions.stream().filter(d -> d.kind() == kind).count();
    }

    /** Groups to refresh, each once, in plan order. */
    public List<String> refreshedGroups(String accountId, String region) {
      return decisions.stream()
          .filter(d -> d.kind() == Kind.REFRESH_GROUP && d.candidate().accountId().equals(accountId) && d.candidate().region().equals(region))
          .map(d -> d.candidate().autoScalingGroup())
          .distinct()
          .toList();
    }
  }

  static final Comparator<Candidate> OLDEST_FIRST = Comparator.comparingLong(Candidate::ageDays).reversed()
      .thenComparing(Candidate::accountId).thenComparing(Candidate::region).thenComparing(Candidate::instanceId);

  private ReplacementPlan() {}

  /**
   * @param candidates over-age, non-exempt instances of the boundary (duplicates by account+region+id are an error)
   * @param groups the described Auto Scaling groups of the candidates (missing ones are skipped)
   * @param accountInstances instances (running and stopped) per account across the boundary's regions; an account
   *     missing here counts its candidates
   */
  public static Plan decide(List<Candidate> candidates, List<Group> groups, Map<String, Integer> accountInstances, Limits limits) {
    Set<String> seen = new HashSet<>();
    for (Candidate c : candidates) {
      if (!seen.add(c.accountId() + "/" + c.region() + "/" + c.instanceId())) {
        throw new IllegalArgumentException("duplicate candidate " + c.instanceId() + " in " + c.accountId() + "/" + c.region());
      }
    }
    Map<GroupKey, Group> byKey = new HashMap<>();
    groups.forEach(g -> byKey.put(g.key(), g));
    Map<GroupKey, List<Candidate>> membersByGroup = new LinkedHashMap<>();
    Map<String, Integer> candidatesPerAccount = new HashMap<>();
    for (Candidate c : candidates) {
      candidatesPerAccount.merge(c.accountId(), 1, Integer::sum);
      if (!c.standalone()) {
        membersByGroup.computeIfAbsent(c.groupKey(), k -> new ArrayList<>()).add(c);
      }
    }

    Budget budget = new Budget(limits, accountInstances, candidatesPerAccount);
    Map<GroupKey, Boolean> refreshing = new HashMap<>();
    Map<GroupKey, Integer> replacedInGroup = new HashMap<>();
    List<Decision> out = new ArrayList<>(candidates.size());
    for (Candidate c : candidates.stream().sorted(OLDEST_FIRST).toList()) {
      if (c.standalone()) {
        out.add(standalone(c, limits, budget));
        continue;
      }
      Group g = byKey.get(c.groupKey());
      if (g == null) {
        out.add(new Decision(c, Kind.SKIP_GROUP_NOT_FOUND, "Auto Scaling group " + c.autoScalingGroup() + " was not found"));
      } else if (g.refreshInProgress()) {
        out.add(new Decision(c, Kind.SKIP_REFRESH_IN_PROGRESS, "an instance refresh of " + g.name() + " is in progress"));
      } else if (!g.healthy()) {
        out.add(new Decision(c, Kind.SKIP_GROUP_UNHEALTHY,
            g.name() + " is not healthy: " + g.healthyInService() + " healthy in service, desired " + g.desired()));
      } else if (refreshing.computeIfAbsent(g.key(), k -> refreshFits(g, membersByGroup.get(k).size(), limits, budget, c.accountId()))) {
        out.add(new Decision(c, Kind.REFRESH_GROUP, "more than " + limits.refreshThresholdPercent() + "% of " + g.name() + " is over age"));
      } else if (g.scaleInProtected().contains(c.instanceId())) {
        out.add(new Decision(c, Kind.SKIP_SCALE_IN_PROTECTED, "protected from scale-in in " + g.name()));
      } else if (replacedInGroup.getOrDefault(g.key(), 0) >= limits.maxReplacementsPerGroup()) {
        out.add(new Decision(c, Kind.LEFT_FOR_LATER,
            "at most " + limits.maxReplacementsPerGroup() + " replacement(s) per group per run (MaxReplacementsPerGroup)"));
      } else {
        String capped = budget.take(c.accountId(), 1);
        if (capped != null) {
          out.add(new Decision(c, Kind.LEFT_FOR_LATER, capped));
        } else {
          replacedInGroup.merge(g.key(), 1, Integer::sum);
          out.add(new Decision(c, Kind.REPLACE_IN_GROUP, null));
        }
      }
    }
    return new Plan(out);
  }

  private static Decision standalone(Candidate c, Limits limits, Budget budget) {
    return switch (limits.standaloneAction()) {
      case NOTIFY -> new Decision(c, Kind.NOTIFY, "standalone (StandaloneAction=notify)");
      case STOP -> {
        if (c.state().equals("stopped")) {
          yield new Decision(c, Kind.ALREADY_STOPPED, "already stopped");
        }
        String capped = budget.take(c.accountId(), 1);
        yield capped == null ? new Decision(c, Kind.STOP, null) : new Decision(c, Kind.LEFT_FOR_LATER, capped);
      }
      case TERMINATE -> {
        String capped = budget.take(c.accountId(), 1);
        yield capped == null ? new Decision(c, Kind.TERMINATE, null) : new Decision(c, Kind.LEFT_FOR_LATER, capped);
      }
    };
  }

  /** Refresh when enabled, over the threshold and the whole group fits the caps (then the budget is taken). */
  private static boolean refreshFits(Group g, int overAge, Limits limits, Budget budget, String accountId) {
    if (limits.refreshThresholdPercent() == 0 || g.size() == 0 || !g.exemptMembers().isEmpty()) {
      return false;
    }
    if (overAge * 100L <= (long) limits.refreshThresholdPercent() * g.size()) {
      return false;
    }
    return budget.take(accountId, g.size()) == null;
  }

  /** What the run and each account may still spend. */
  private static final class Budget {
    private final Limits limits;
    private final Map<String, Integer> accountInstances;
    private final Map<String, Integer> candidatesPerAccount;
    private final Map<String, Integer> spentByAccount = new HashMap<>();
    private int spent;

    Budget(Limits limits, Map<String, Integer> accountInstances, Map<String, Integer> candidatesPerAccount) {
      this.limits = limits;
      this.accountInstances = accountInstances;
      this.candidatesPerAccount = candidatesPerAccount;
    }

    /** Takes {@code n} when both caps allow; else says which cap stops it (and takes nothing). */
    String take(String accountId, int n) {
      if (spent + n > limits.maxPerRun()) {
        return "run cap reached: at most " + limits.maxPerRun() + " per run (MaxTerminationsPerRun)";
      }
      int instances = accountInstances.getOrDefault(accountId, candidatesPerAccount.getOrDefault(accountId, 0));
      int cap = limits.accountCap(instances);
      int already = spentByAccount.getOrDefault(accountId, 0);
      if (already + n > cap) {
        return "account cap reached: at most " + cap + " of " + instances + " instance(s) in account " + accountId
            + " per run (MaxTerminationPercentPerAccount=" + limits.maxPercentPerAccount() + ")";
      }
      spent += n;
      spentByAccount.put(accountId, already + n);
      return null;
    }
  }
}
