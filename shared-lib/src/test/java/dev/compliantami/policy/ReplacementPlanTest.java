package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.policy.ReplacementPlan.Candidate;
import dev.compliantami.policy.ReplacementPlan.Decision;
import dev.compliantami.policy.ReplacementPlan.Group;
import dev.compliantami.policy.ReplacementPlan.Kind;
import dev.compliantami.policy.ReplacementPlan.Limits;
import dev.compliantami.policy.ReplacementPlan.Plan;
import dev.compliantami.policy.ReplacementPlan.StandaloneAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplacementPlanTest {
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String R = "us-east-1";

  static Limits limits(int perRun, int pct, int perGroup, int refresh, StandaloneAction action) {
    return new Limits(perRun, pct, perGroup, refresh, action);
  }

  static Candidate member(String account, String id, long age, String group) {
    return new Candidate(account, R, id, "running", age, group);
  }

  static Candidate standalone(String account, String id, long age, String state) {
    return new Candidate(account, R, id, state, age, null);
  }

  static Group group(String account, String name, int desired, int size, int healthy) {
    return new Group(account, R, name, desired, size, healthy, Set.of(), false);
  }

  static Kind kindOf(Plan p, String id) {
    return p.decisions().stream().filter(d -> d.candidate().instanceId().equals(id)).findFirst().orElseThrow().kind();
  }

  @Test
  void oneReplacementPerHealthyGroupOldestFirstTheRestLeftForLater() {
    List<Candidate> c = List.of(member(A, "i-young", 31, "web"), member(A, "i-old", 90, "web"), member(A, "i-mid", 45, "web"));
    Plan p = ReplacementPlan.decide(c, List.of(group(A, "web", 3, 3, 3)), Map.of(A, 100), limits(10, 100, 1, 0, StandaloneAction.NOTIFY));

    assertThat(kindOf(p, "i-old")).isEqualTo(Kind.REPLACE_IN_GROUP);
    assertThat(kindOf(p, "i-mid")).isEqualTo(Kind.LEFT_FOR_LATER);
    assertThat(kindOf(p, "i-young")).isEqualTo(Kind.LEFT_FOR_LATER);
    assertThat(p.decisions()).extracting(d -> d.candidate().instanceId()).containsExactly("i-old", "i-mid", "i-young");
  }

  @Test
  void unhealthyGroupRefreshInProgressMissingGroupAndScaleInProtectionAreSkipped() {
    List<Candidate> c = List.of(member(A, "i-1", 40, "sick"), member(A, "i-2", 40, "busy"), member(A, "i-3", 40, "gone"),
        member(A, "i-4", 50, "web"), member(A, "i-5", 40, "web"));
    List<Group> g = List.of(group(A, "sick", 3, 3, 2), new Group(A, R, "busy", 2, 2, 2, Set.of(), true),
        new Group(A, R, "web", 2, 2, 2, Set.of("i-4"), false));
    Plan p = ReplacementPlan.decide(c, g, Map.of(A, 100), limits(10, 100, 1, 0, StandaloneAction.NOTIFY));

    assertThat(kindOf(p, "i-1")).isEqualTo(Kind.SKIP_GROUP_UNHEALTHY);
    assertThat(kindOf(p, "i-2")).isEqualTo(Kind.SKIP_REFRESH_IN_PROGRESS);
    assertThat(kindOf(p, "i-3")).isEqualTo(Kind.SKIP_GROUP_NOT_FOUND);
    assertThat(kindOf(p, "i-4")).isEqualTo(Kind.SKIP_SCALE_IN_PROTECTED);
    assertThat(kindOf(p, "i-5")).as("the protected one does not use the group's slot").isEqualTo(Kind.REPLACE_IN_GROUP);
  }

  @Test
  void refreshWhenMoreThanTheThresholdIsOverAgeAndTheWholeGroupFitsTheCaps() {
    List<Candidate> c = List.of(member(A, "i-1", 40, "web"), member(A, "i-2", 40, "web"), member(A, "i-3", 40, "api"));
    List<Group> g = List.of(group(A, "web", 3, 3, 3), group(A, "api", 4, 4, 4));
    Plan p = ReplacementPlan.decide(c, g, Map.of(A, 100), limits(10, 100, 1, 50, StandaloneAction.NOTIFY));

    assertThat(kindOf(p, "i-1")).isEqualTo(Kind.REFRESH_GROUP);
    assertThat(kindOf(p, "i-2")).isEqualTo(Kind.REFRESH_GROUP);
    assertThat(kindOf(p, "i-3")).as("1 of 4 is not more than 50%").isEqualTo(Kind.REPLACE_IN_GROUP);
    assertThat(p.refreshedGroups(A, R)).containsExactly("web");
  }

  @Test
  void aGroupWithAnExemptMemberIsNeverRefreshed() {
    List<Candidate> c = List.of(member(A, "i-1", 40, "web"), member(A, "i-2", 40, "web"));
    Group web = new Group(A, R, "web", 3, 3, 3, Set.of(), false, Set.of("i-3"));
    Plan p = ReplacementPlan.decide(c, List.of(web), Map.of(A, 100), limits(10, 100, 1, 10, StandaloneAction.NOTIFY));
    assertThat(p.count(Kind.REFRESH_GROUP)).isZero();
    assertThat(p.count(Kind.REPLACE_IN_GROUP)).isEqualTo(1);
  }

  @Test
  void exactlyAtTheThresholdIsNotARefresh() {
    List<Candidate> c = List.of(member(A, "i-1", 40, "web"), member(A, "i-2", 40, "web"));
    Plan p = ReplacementPlan.decide(c, List.of(group(A, "web", 4, 4, 4)), Map.of(A, 100), limits(10, 100, 1, 50, StandaloneAction.NOTIFY));
    assertThat(p.count(Kind.REFRESH_GROUP)).isZero();
  }

  @Test
  void aRefreshThatDoesNotFitTheRunCapFallsBackToSingleReplacements() {
    List<Candidate> c = List.of(member(A, "i-1", 40, "web"), member(A, "i-2", 41, "web"));
    Plan p = ReplacementPlan.decide(c, List.of(group(A, "web", 3, 3, 3)), Map.of(A, 100), limits(2, 100, 1, 10, StandaloneAction.NOTIFY));
    assertThat(kindOf(p, "i-2")).isEqualTo(Kind.REPLACE_IN_GROUP);
    assertThat(kindOf(p, "i-1")).isEqualTo(Kind.LEFT_FOR_LATER);
  }

  @Test
  void standaloneActions() {
    List<Candidate> c = List.of(standalone(A, "i-run", 40, "running"), standalone(A, "i-stopped", 40, "stopped"));
    Map<String, Integer> sizes = Map.of(A, 100);
    Plan notify = ReplacementPlan.decide(c, List.of(), sizes, limits(10, 100, 1, 0, StandaloneAction.NOTIFY));
    Plan stop = ReplacementPlan.decide(c, List.of(), sizes, limits(10, 100, 1, 0, StandaloneAction.STOP));
    Plan terminate = ReplacementPlan.decide(c, List.of(), sizes, limits(10, 100, 1, 0, StandaloneAction.TERMINATE));

    assertThat(notify.decisions()).extracting(Decision::kind).containsOnly(Kind.NOTIFY);
    assertThat(kindOf(stop, "i-run")).isEqualTo(Kind.STOP);
    assertThat(kindOf(stop, "i-stopped")).isEqualTo(Kind.ALREADY_STOPPED);
    assertThat(terminate.decisions()).extracting(Decision::kind).containsOnly(Kind.TERMINATE);
  }

  @Test
  void accountCapIsAPercentageOfTheAccountButAtLeastOne() {
    List<Candidate> c = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      c.add(standalone(A, "i-a" + i, 40 + i, "running"));
      c.add(standalone(B, "i-b" + i, 40 + i, "running"));
    }
    Plan p = ReplacementPlan.decide(c, List.of(), Map.of(A, 30, B, 5), limits(100, 10, 1, 0, StandaloneAction.TERMINATE));

    assertThat(p.acting()).filteredOn(d -> d.candidate().accountId().equals(A)).hasSize(3);
    assertThat(p.acting()).filteredOn(d -> d.candidate().accountId().equals(B)).singleElement()
        .satisfies(d -> assertThat(d.candidate().instanceId()).isEqualTo("i-b4"));
    assertThat(p.decisions()).filteredOn(d -> d.kind() == Kind.LEFT_FOR_LATER)
        .allSatisfy(d -> assertThat(d.why()).contains("account cap reached"));
  }

  @Test
  void zeroPerRunActsOnNothingButStillNotifies() {
    List<Candidate> c = List.of(member(A, "i-1", 40, "web"), standalone(A, "i-2", 40, "running"));
    Plan p = ReplacementPlan.decide(c, List.of(group(A, "web", 1, 1, 1)), Map.of(A, 10), limits(0, 100, 1, 0, StandaloneAction.NOTIFY));
    assertThat(kindOf(p, "i-1")).isEqualTo(Kind.LEFT_FOR_LATER);
    assertThat(kindOf(p, "i-2")).isEqualTo(Kind.NOTIFY);
  }

  @Test
  void duplicatesAndBadLimitsAreRejected() {
    assertThatThrownBy(() -> ReplacementPlan.decide(List.of(standalone(A, "i-1", 40, "running"), standalone(A, "i-1", 41, "running")),
        List.of(), Map.of(), limits(1, 10, 1, 0, StandaloneAction.NOTIFY))).hasMessageContaining("duplicate candidate i-1");
    assertThatThrownBy(() -> limits(1, 0, 1, 0, StandaloneAction.NOTIFY)).hasMessageContaining("maxPercentPerAccount");
    assertThatThrownBy(() -> limits(1, 10, 0, 0, StandaloneAction.NOTIFY)).hasMessageContaining("maxReplacementsPerGroup");
    assertThat(StandaloneAction.parse(" Stop ")).isEqualTo(StandaloneAction.STOP);
    assertThat(StandaloneAction.parse("delete")).isNull();
  }

  /** Property-style: for random fleets and limits, the invariants of the plan hold. */
  @Test
  void invariantsHoldForRandomFleets() {
    Random random = new Random(20261203L);
    List<String> accounts = List.of(A, B, "333333333333");
    for (int run = 0; run < 500; run++) {
      List<Candidate> candidates = new ArrayList<>();
      List<Group> groups = new ArrayList<>();
      Map<String, Integer> sizes = new HashMap<>();
      for (String account : accounts) {
        int groupsHere = random.nextInt(4);
        for (int g = 0; g < groupsHere; g++) {
          int size = 1 + random.nextInt(8);
          Set<String> protectedIds = new HashSet<>();
          int over = random.nextInt(size + 1);
          for (int i = 0; i < over; i++) {
            String id = "i-" + account.charAt(0) + "g" + g + "n" + i;
            candidates.add(member(account, id, 31 + random.nextInt(200), "g" + g));
            if (random.nextInt(6) == 0) {
              protectedIds.add(id);
            }
          }
          if (random.nextInt(8) != 0) { // sometimes the group is not described
            groups.add(new Group(account, R, "g" + g, size, size, size - (random.nextInt(5) == 0 ? 1 : 0), protectedIds, random.nextInt(7) == 0,
                random.nextInt(6) == 0 ? Set.of("i-exempt") : Set.of()));
          }
        }
        int lone = random.nextInt(6);
        for (int i = 0; i < lone; i++) {
          candidates.add(standalone(account, "i-" + account.charAt(0) + "s" + i, 31 + random.nextInt(200), random.nextBoolean() ? "running" : "stopped"));
        }
        sizes.put(account, candidates.size() + random.nextInt(50));
      }
      Limits limits = limits(random.nextInt(12), 1 + random.nextInt(100), 1 + random.nextInt(3),
          random.nextBoolean() ? 0 : random.nextInt(101), StandaloneAction.values()[random.nextInt(3)]);

      Plan p = ReplacementPlan.decide(candidates, groups, sizes, limits);

      assertThat(p.decisions()).hasSize(candidates.size());
      assertThat(p.decisions()).extracting(Decision::candidate).containsExactlyInAnyOrderElementsOf(candidates);
      // oldest first
      for (int i = 1; i < p.decisions().size(); i++) {
        assertThat(p.decisions().get(i - 1).candidate().ageDays()).isGreaterThanOrEqualTo(p.decisions().get(i).candidate().ageDays());
      }
      // the run cap and the account caps hold, a refresh costing its group's size
      Map<String, Integer> spent = new HashMap<>();
      Set<String> refreshed = new HashSet<>();
      int total = 0;
      for (Decision d : p.acting()) {
        Candidate c = d.candidate();
        int cost = 1;
        if (d.kind() == Kind.REFRESH_GROUP) {
          cost = refreshed.add(c.accountId() + c.autoScalingGroup())
              ? groups.stream().filter(g -> g.accountId().equals(c.accountId()) && g.name().equals(c.autoScalingGroup())).findFirst().orElseThrow().size()
              : 0;
        }
        spent.merge(c.accountId(), cost, Integer::sum);
        total += cost;
      }
      assertThat(total).isLessThanOrEqualTo(limits.maxPerRun());
      spent.forEach((account, n) -> assertThat(n).isLessThanOrEqualTo(limits.accountCap(sizes.get(account))));
      for (Decision d : p.decisions()) {
        Candidate c = d.candidate();
        Group g = groups.stream().filter(x -> x.accountId().equals(c.accountId()) && x.name().equals(c.autoScalingGroup())).findFirst().orElse(null);
        if (d.kind().acts() && !c.standalone()) {
          // never through a group that is missing, unhealthy or being refreshed; never a scale-in protected member alone
          assertThat(g).isNotNull();
          assertThat(g.healthy()).isTrue();
          assertThat(g.refreshInProgress()).isFalse();
          if (d.kind() == Kind.REPLACE_IN_GROUP) {
            assertThat(g.scaleInProtected()).doesNotContain(c.instanceId());
          } else if (d.kind() == Kind.REFRESH_GROUP) {
            assertThat(g.exemptMembers()).isEmpty();
          }
        }
        if (c.standalone()) {
          assertThat(d.kind()).isNotIn(Kind.REPLACE_IN_GROUP, Kind.REFRESH_GROUP);
          if (limits.standaloneAction() == StandaloneAction.NOTIFY) {
            assertThat(d.kind()).isEqualTo(Kind.NOTIFY);
          }
        } else {
          assertThat(d.kind()).isNotIn(Kind.STOP, Kind.TERMINATE, Kind.NOTIFY);
        }
      }
      // at most maxReplacementsPerGroup single replacements per group
      Map<String, Long> perGroup = new HashMap<>();
      p.decisions().stream().filter(d -> d.kind() == Kind.REPLACE_IN_GROUP)
          .forEach(d -> perGroup.merge(d.candidate().accountId() + d.candidate().autoScalingGroup(), 1L, Long::sum));
      perGroup.values().forEach(n -> assertThat(n).isLessThanOrEqualTo(limits.maxReplacementsPerGroup()));
      // refresh only above the threshold, and never when disabled
      if (limits.refreshThresholdPercent() == 0) {
        assertThat(p.count(Kind.REFRESH_GROUP)).isZero();
      }
    }
  }
}
