package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExemptionsTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-12-03");

  private static Exemption eval(Map<String, String> tags) {
    return Exemptions.evaluate(tags, TODAY, 90);
  }

  @Test
  void noTagsIsNoExemption() {
    assertThat(eval(Map.of("Name", "web"))).isEqualTo(new Exemption.None());
    assertThat(eval(Map.of(ManagedTags.EXEMPT_UNTIL, "  "))).isEqualTo(new Exemption.None());
  }

  @Test
  void reasonAndDateWithinTheSpanExempt() {
    Exemption e = eval(Map.of(ManagedTags.EXEMPT_UNTIL, "2027-01-15", ManagedTags.EXEMPT_REASON, " CHG-4711 vendor appliance "));
    assertThat(e).isEqualTo(new Exemption.Valid(LocalDate.parse("2027-01-15"), "CHG-4711 vendor appliance"));
    assertThat(e.exempts()).isTrue();
  }

  @Test
  void untilTodayIsStillValidAndTheLastDayOfTheSpanToo() {
    assertThat(eval(Map.of(ManagedTags.EXEMPT_UNTIL, "2026-12-03", ManagedTags.EXEMPT_REASON, "r")).exempts()).isTrue();
    assertThat(eval(Map.of(ManagedTags.EXEMPT_UNTIL, TODAY.plusDays(90).toString(), ManagedTags.EXEMPT_REASON, "r")).exempts()).isTrue();
  }

  @Test
  void anIsoInstantCountsByItsUtcDate() {
    assertThat(eval(Map.of(ManagedTags.EXEMPT_UNTIL, "2026-12-10T23:59:59Z", ManagedTags.EXEMPT_REASON, "r")))
        .isEqualTo(new Exemption.Valid(LocalDate.parse("2026-12-10"), "r"));
  }

  @Test
  void brokenExemptionsSayWhy() {
    assertThat(problem(Map.of(ManagedTags.EXEMPT_UNTIL, "2026-12-02", ManagedTags.EXEMPT_REASON, "r"))).isEqualTo(Exemption.Problem.EXPIRED);
    assertThat(problem(Map.of(ManagedTags.EXEMPT_UNTIL, "2027-01-15"))).isEqualTo(Exemption.Problem.NO_REASON);
    assertThat(problem(Map.of(ManagedTags.EXEMPT_UNTIL, "2027-01-15", ManagedTags.EXEMPT_REASON, ""))).isEqualTo(Exemption.Problem.NO_REASON);
    assertThat(problem(Map.of(ManagedTags.EXEMPT_UNTIL, TODAY.plusDays(91).toString(), ManagedTags.EXEMPT_REASON, "r")))
        .isEqualTo(Exemption.Problem.TOO_LONG);
    assertThat(problem(Map.of(ManagedTags.EXEMPT_UNTIL, "next tuesday", ManagedTags.EXEMPT_REASON, "r")))
        .isEqualTo(Exemption.Problem.UNREADABLE_DATE);
    assertThat(problem(Map.of(ManagedTags.EXEMPT_UNTIL, "2026-13-01", ManagedTags.EXEMPT_REASON, "r")))
        .isEqualTo(Exemption.Problem.UNREADABLE_DATE);
    assertThat(problem(Map.of(ManagedTags.EXEMPT_REASON, "forever please"))).isEqualTo(Exemption.Problem.NO_DATE);
    assertThat(Exemption.Problem.EXPIRED.code()).isEqualTo("EXEMPTION_EXPIRED");
  }

  @Test
  void aBrokenExemptionDoesNotExemptAndDescribesItself() {
    Exemption e = eval(Map.of(ManagedTags.EXEMPT_UNTIL, "2026-01-01", ManagedTags.EXEMPT_REASON, "legacy"));
    assertThat(e.exempts()).isFalse();
    assertThat(e.describe()).contains("EXEMPTION_EXPIRED", "2026-01-01", "legacy");
  }

  private static Exemption.Problem problem(Map<String, String> tags) {
    return ((Exemption.Broken) eval(tags)).problem();
  }
}
