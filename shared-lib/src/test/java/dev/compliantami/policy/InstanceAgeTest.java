package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstanceAgeTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final Instant FIRST_LAUNCH = Instant.parse("2026-10-01T08:00:00Z");

  @Test
  void aStoppedAndStartedInstanceCountsFromItsFirstLaunchNotItsLaunchTime() {
    Instant restarted = Instant.parse("2026-12-01T09:00:00Z"); // LaunchTime reset by stop/start
    InstanceAge age = InstanceAge.of(restarted, FIRST_LAUNCH, FIRST_LAUNCH, NOW);
    assertThat(age.basis()).isEqualTo(InstanceAge.Basis.PRIMARY_ENI_ATTACH_TIME);
    assertThat(age.since()).isEqualTo(FIRST_LAUNCH);
    assertThat(age.days()).isEqualTo(63);
    assertThat(age.isOver(30)).isTrue();
  }

  @Test
  void withoutAPrimaryInterfaceTheRootVolumeThenLaunchTimeCount() {
    Instant restarted = Instant.parse("2026-12-01T09:00:00Z");
    assertThat(InstanceAge.of(restarted, null, FIRST_LAUNCH, NOW).basis()).isEqualTo(InstanceAge.Basis.ROOT_VOLUME_ATTACH_TIME);
    InstanceAge onlyLaunch = InstanceAge.of(restarted, null, null, NOW);
    assertThat(onlyLaunch.basis()).isEqualTo(InstanceAge.Basis.LAUNCH_TIME);
    assertThat(onlyLaunch.days()).isEqualTo(2);
    assertThat(onlyLaunch.basis().code()).isEqualTo("launch-time");
  }

  @Test
  void anAttachTimeAfterLaunchTimeIsNotAFirstLaunch() {
    Instant launch = Instant.parse("2026-11-01T00:00:00Z");
    Instant swappedRoot = Instant.parse("2026-11-20T00:00:00Z");
    InstanceAge age = InstanceAge.of(launch, null, swappedRoot, NOW);
    assertThat(age.since()).isEqualTo(launch);
    assertThat(age.basis()).isEqualTo(InstanceAge.Basis.LAUNCH_TIME);
  }

  @Test
  void overAgeIsStrictlyMoreThanMaxWholeDays() {
    Instant exactly30Days = NOW.minusSeconds(30L * 86400);
    InstanceAge age = InstanceAge.of(exactly30Days, exactly30Days, null, NOW);
    assertThat(age.days()).isEqualTo(30);
    assertThat(age.isOver(30)).isFalse();
    assertThat(age.daysUntilOver(30)).isEqualTo(1);
    assertThat(age.passesMaxAgeAt(30)).isEqualTo(NOW.plusSeconds(86400));
    assertThat(InstanceAge.of(exactly30Days.minusSeconds(86400), null, null, NOW).isOver(30)).isTrue();
    assertThat(InstanceAge.of(exactly30Days.minusSeconds(86400), null, null, NOW).daysUntilOver(30)).isZero();
  }

  @Test
  void nearingMeansNotOverButWithinTheWarningWindow() {
    Instant launched26DaysAgo = NOW.minusSeconds(26L * 86400);
    InstanceAge age = InstanceAge.of(launched26DaysAgo, launched26DaysAgo, null, NOW);
    assertThat(age.isNearing(30, 5, NOW)).isTrue(); // passes max age in 5 days
    assertThat(age.isNearing(30, 4, NOW)).isFalse();
    InstanceAge over = InstanceAge.of(NOW.minusSeconds(40L * 86400), null, null, NOW);
    assertThat(over.isNearing(30, 5, NOW)).isFalse();
  }

  @Test
  void aClockSkewedFutureLaunchIsZeroDaysOldAndLaunchTimeIsRequired() {
    assertThat(InstanceAge.of(NOW.plusSeconds(60), null, null, NOW).days()).isZero();
    assertThatThrownBy(() -> InstanceAge.of(null, FIRST_LAUNCH, null, NOW)).isInstanceOf(IllegalArgumentException.class);
  }
}
