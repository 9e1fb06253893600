package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.policy.LaunchAction.Configured;
import dev.compliantami.policy.LaunchAction.Decision;
import dev.compliantami.policy.LaunchAction.Instance;
import dev.compliantami.policy.LaunchAction.Step;
import java.time.LocalDate;
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

  @Test
  void configuredParsesTheParameterValues() {
    assertThat(Configured.parse("terminate")).isEqualTo(Configured.TERMINATE);
    assertThat(Configured.parse("TERMINATE")).isNull();
    assertThat(Configured.parse("kill")).isNull();
  }
}
