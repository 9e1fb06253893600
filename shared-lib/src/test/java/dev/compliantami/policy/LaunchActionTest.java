package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.policy.LaunchAction.Caps;
import dev.compliantami.policy.LaunchAction.Configured;
import dev.compliantami.policy.LaunchAction.Decision;
import dev.compliantami.policy.LaunchAction.Instance;
import dev.compliantami.policy.LaunchAction.Placed;
import dev.compliantami.policy.LaunchAction.Step;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LaunchActionTest {
  private static final ImageVerdict VIOLATION = new ImageVerdict(ImageVerdict.Outcome.VIOLATION,
      List.of(ImageVerdict.Reason.PROVIDER_NOT_APPROVED), new Exemption.None());
  private static final ImageVerdict EXPIRED = new ImageVerdict(ImageVerdict.Outcome.VIOLATION,
      List.of(ImageVerdict.Reason.IMAGE_TOO_OLD), new Exemption.Broken(Exemption.Problem.EXPIRED, "expired"));
  private static final ImageVerdict COMPLIANT = new ImageVerdict(ImageVerdict.Outcome.COMPLIANT, List.of(), new Exemption.None());
  private static final ImageVerdict EXEMPT = new ImageVerdict(ImageVerdict.Outcome.EXEMPT,
      List.of(ImageVerdict.Reason.OWN_ACCOUNT_IMAGE), new Exemption.Valid(LocalDate.of(2027, 1, 1), "vendor appliance"));

  private static Instance running() {
    return new Instance("running", null, false, false, false, null);
  }

  private static Instance inGroup(String group) {
    return new Instance("running", group, false, false, false, null);
  }

  @Test
  void verdictTagValues() {
    assertThat(LaunchAction.verdictTag(VIOLATION)).isEqualTo("violation:PROVIDER_NOT_APPROVED");
    assertThat(LaunchAction.verdictTag(EXPIRED)).isEqualTo("violation:IMAGE_TOO_OLD,EXEMPTION_EXPIRED");
    assertThat(LaunchAction.verdictTag(COMPLIANT)).isEqualTo("compliant");
    assertThat(LaunchAction.verdictTag(EXEMPT)).isEqualTo("exempt");
  }

  @ParameterizedTest
  @EnumSource(Configured.class)
  void dryRunNeverMutatesButSaysWhatItWouldDo(Configured configured) {
    Decision d = LaunchAction.decide(VIOLATION, configured, true, running());
    assertThat(d.mutates()).isFalse();
    assertThat(d.step()).isEqualTo(Step.NONE);
    assertThat(d.action()).isEqualTo("notified");
    if (configured != Configured.NOTIFY) {
      assertThat(d.withheld()).startsWith("dry-run: would tag compliant-ami:verdict=violation:PROVIDER_NOT_APPROVED");
    }
    if (configured == Configured.TERMINATE) {
      assertThat(d.withheld()).endsWith("and terminate");
    }
  }

  @Test
  void notifyOnlyNotifiesViolations() {
    assertThat(LaunchAction.decide(VIOLATION, Configured.NOTIFY, false, running())).isEqualTo(new Decision(null, Step.NONE, "notified", null));
    assertThat(LaunchAction.decide(COMPLIANT, Configured.NOTIFY, false, running())).isEqualTo(new Decision(null, Step.NONE, "none", null));
  }

  @Test
  void tagModeTagsEveryVerdictOnceOnly() {
    assertThat(LaunchAction.decide(VIOLATION, Configured.TAG, false, running()))
        .isEqualTo(new Decision("violation:PROVIDER_NOT_APPROVED", Step.NONE, "tagged", null));
    assertThat(LaunchAction.decide(COMPLIANT, Configured.TAG, false, running()).tag()).isEqualTo("compliant");
    assertThat(LaunchAction.decide(EXEMPT, Configured.TERMINATE, false, running()))
        .isEqualTo(new Decision("exempt", Step.NONE, "tagged", null));
    Decision again = LaunchAction.decide(COMPLIANT, Configured.TAG, false, new Instance("running", null, false, false, false, "compliant"));
    assertThat(again.mutates()).isFalse();
    assertThat(again.action()).isEqualTo("none");
  }

  @Test
  void stopStopsStandaloneInstancesOnly() {
    assertThat(LaunchAction.decide(VIOLATION, Configured.STOP, false, running()).step()).isEqualTo(Step.STOP);
    Decision asg = LaunchAction.decide(VIOLATION, Configured.STOP, false, inGroup("web"));
    assertThat(asg.step()).isEqualTo(Step.NONE);
    assertThat(asg.tag()).isNotNull();
    assertThat(asg.withheld()).contains("Auto Scaling group web");
    Decision protectedOne = LaunchAction.decide(VIOLATION, Configured.STOP, false, new Instance("running", null, true, false, false, null));
    assertThat(protectedOne.step()).isEqualTo(Step.NONE);
    assertThat(protectedOne.withheld()).contains("disableApiStop");
    Decision stopped = LaunchAction.decide(VIOLATION, Configured.STOP, false,
        new Instance("stopping", null, false, false, false, "violation:PROVIDER_NOT_APPROVED"));
    assertThat(stopped.mutates()).isFalse();
    assertThat(stopped.action()).isEqualTo("stopped");
  }

  @Test
  void terminateReplacesGroupMembersThroughTheirGroupAndRespectsProtection() {
    assertThat(LaunchAction.decide(VIOLATION, Configured.TERMINATE, false, running()).step()).isEqualTo(Step.TERMINATE);
    assertThat(LaunchAction.decide(VIOLATION, Configured.TERMINATE, false, inGroup("web")).step()).isEqualTo(Step.MARK_UNHEALTHY);
    Decision marked = LaunchAction.decide(VIOLATION, Configured.TERMINATE, false, new Instance("running", "web", false, false, true, null));
    assertThat(marked.step()).isEqualTo(Step.NONE);
    assertThat(marked.withheld()).contains("already unhealthy");
    Decision protectedOne = LaunchAction.decide(VIOLATION, Configured.TERMINATE, false, new Instance("running", null, false, true, false, null));
    assertThat(protectedOne.step()).isEqualTo(Step.NONE);
    assertThat(protectedOne.action()).isEqualTo("tagged");
    assertThat(protectedOne.withheld()).contains("disableApiTermination");
    // a group member's termination protection does not stop its group from replacing it
    assertThat(LaunchAction.decide(VIOLATION, Configured.TERMINATE, false, new Instance("running", "web", false, true, false, null)).step())
        .isEqualTo(Step.MARK_UNHEALTHY);
  }

  @Test
  void instancesOnTheirWayDownAreLeftAlone() {
    for (String state : List.of("shutting-down", "terminated")) {
      Decision d = LaunchAction.decide(VIOLATION, Configured.TERMINATE, false, new Instance(state, null, false, false, false, null));
      assertThat(d.mutates()).isFalse();
      assertThat(d.withheld()).contains(state);
    }
  }

  private static Placed placed(String account, String id, String group, Configured configured) {
    Instance i = new Instance("running", group, false, false, false, null);
    return new Placed(account, "us-east-1", id, group, LaunchAction.decide(VIOLATION, configured, false, i));
  }

  @Test
  void capsLeaveTheDisruptiveStepsBeyondTheRunCapForLaterFirstComeFirstServed() {
    List<Placed> burst = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      burst.add(placed("111111111111", "i-" + i, null, Configured.TERMINATE));
    }
    List<Decision> out = LaunchAction.cap(burst, new Caps(10, 1));

    assertThat(out).hasSize(25);
    assertThat(out.subList(0, 10)).allSatisfy(d -> assertThat(d.step()).isEqualTo(Step.TERMINATE));
    assertThat(out.subList(10, 25)).allSatisfy(d -> {
      assertThat(d.capped()).isTrue();
      assertThat(d.mutates()).as("a capped violator is neither tagged nor touched").isFalse();
      assertThat(d.action()).isEqualTo("notified");
      assertThat(d.withheld()).contains("MaxTerminationsPerRun").endsWith("left for later");
    });
  }

  @Test
  void atMostMaxPerGroupInEachAutoScalingGroupKeyedByAccountRegionAndName() {
    List<Placed> in = List.of(
        placed("111111111111", "i-a1", "web", Configured.TERMINATE),
        placed("111111111111", "i-a2", "web", Configured.TERMINATE),
        placed("222222222222", "i-b1", "web", Configured.TERMINATE), // same name, other account: another group
        placed("111111111111", "i-c1", "api", Configured.TERMINATE),
        placed("111111111111", "i-a3", "web", Configured.TERMINATE),
        placed("111111111111", "i-s1", null, Configured.TERMINATE));
    List<Decision> out = LaunchAction.cap(in, new Caps(100, 1));

    assertThat(out).extracting(Decision::step).containsExactly(Step.MARK_UNHEALTHY, Step.NONE, Step.MARK_UNHEALTHY, Step.MARK_UNHEALTHY,
        Step.NONE, Step.TERMINATE);
    assertThat(out.get(1).withheld()).contains("Auto Scaling group web").contains("MaxReplacementsPerGroup");
    assertThat(out.get(4).capped()).isTrue();
    assertThat(LaunchAction.cap(in, new Caps(100, 2))).extracting(Decision::step)
        .containsExactly(Step.MARK_UNHEALTHY, Step.MARK_UNHEALTHY, Step.MARK_UNHEALTHY, Step.MARK_UNHEALTHY, Step.NONE, Step.TERMINATE);
  }

  @Test
  void aGroupCappedInstanceDoesNotSpendTheRunBudget() {
    List<Placed> in = List.of(placed("111111111111", "i-a1", "web", Configured.TERMINATE), placed("111111111111", "i-a2", "web", Configured.TERMINATE),
        placed("111111111111", "i-s1", null, Configured.STOP));
    assertThat(LaunchAction.cap(in, new Caps(2, 1))).extracting(Decision::step).containsExactly(Step.MARK_UNHEALTHY, Step.NONE, Step.STOP);
  }

  @Test
  void tagNotifyAndWithheldDecisionsAreNeverCappedAndZeroMeansNoDisruptionAtAll() {
    List<Placed> in = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      in.add(placed("111111111111", "i-t" + i, "web", Configured.TAG));
      in.add(placed("111111111111", "i-n" + i, null, Configured.NOTIFY));
      in.add(placed("111111111111", "i-g" + i, "web", Configured.STOP)); // group member: tagged, never stopped
    }
    assertThat(LaunchAction.cap(in, new Caps(0, 1))).isEqualTo(in.stream().map(Placed::decision).toList());

    List<Decision> none = LaunchAction.cap(List.of(placed("111111111111", "i-1", null, Configured.STOP)), new Caps(0, 1));
    assertThat(none.get(0).capped()).isTrue();
    assertThat(none.get(0).step()).isEqualTo(Step.NONE);
  }

  @Test
  void dryRunKeepsACappedDecisionAndPreviewsTheOthers() {
    Decision allowed = placed("111111111111", "i-1", null, Configured.TERMINATE).decision();
    Decision capped = LaunchAction.cap(List.of(placed("111111111111", "i-1", null, Configured.TERMINATE)), new Caps(0, 1)).get(0);
    assertThat(LaunchAction.dryRun(VIOLATION, capped)).isEqualTo(capped);
    assertThat(LaunchAction.dryRun(VIOLATION, allowed).withheld()).startsWith("dry-run: would tag").endsWith("and terminate");
    assertThat(LaunchAction.dryRun(VIOLATION, allowed).mutates()).isFalse();
  }

  @Test
  void capsRejectNonsense() {
    assertThatThrownBy(() -> new Caps(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Caps(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configuredParsesTheParameterValues() {
    assertThat(Configured.parse("terminate")).isEqualTo(Configured.TERMINATE);
    assertThat(Configured.parse("TERMINATE")).isNull();
    assertThat(Configured.parse("kill")).isNull();
  }
}
