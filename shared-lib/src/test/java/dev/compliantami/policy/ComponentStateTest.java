package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentStateTest {
  private static ComponentVersionView v(String version, String status) {
    return new ComponentVersionView("stig-build-linux-high", version,
        "arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux-high/" + version, "Linux", status);
  }

  @Test
  void latestIsNumericNotLexical() {
    List<ComponentVersionView> versions = List.of(v("2023.4.0", "ACTIVE"), v("2023.10.1", "ACTIVE"), v("1.0.12", "ACTIVE"), v("2023.9.9", "ACTIVE"));
    assertThat(ComponentState.latestActive(versions)).map(ComponentVersionView::version).hasValue("2023.10.1");
    assertThat(SemanticVersion.parse("1.0.12").orElseThrow()).isGreaterThan(SemanticVersion.parse("1.0.9").orElseThrow());
  }

  @Test
  void deprecatedAndDisabledVersionsAreNotLatest() {
    List<ComponentVersionView> versions = List.of(v("2024.1.0", "DEPRECATED"), v("2025.1.0", "DISABLED"), v("2023.4.0", "ACTIVE"));
    assertThat(ComponentState.of(versions)).isEqualTo(new ComponentState("2023.4.0", "ACTIVE"));
  }

  @Test
  void componentWithoutActiveVersionIsDeprecatedOrDisabled() {
    assertThat(ComponentState.of(List.of(v("2024.1.0", "DEPRECATED"), v("2023.1.0", "DISABLED")))).isEqualTo(new ComponentState(null, "DEPRECATED"));
    assertThat(ComponentState.of(List.of(v("2023.1.0", "DISABLED")))).isEqualTo(new ComponentState(null, "DISABLED"));
  }

  @Test
  void encodesAndDecodesForTheStateStore() {
    ComponentState s = new ComponentState("2025.2.0", "ACTIVE");
    assertThat(ComponentState.decode(s.encode())).hasValue(s);
    assertThat(ComponentState.decode(new ComponentState(null, "DISABLED").encode())).hasValue(new ComponentState(null, "DISABLED"));
  }

  @Test
  void releaseAndStatusNews() {
    ComponentState before = new ComponentState("2023.4.0", "ACTIVE");
    assertThat(new ComponentState("2023.10.1", "ACTIVE").releasedAfter(before)).isTrue();
    assertThat(new ComponentState("2023.4.0", "ACTIVE").releasedAfter(before)).isFalse();
    assertThat(new ComponentState("2023.4.0", "ACTIVE").statusNews("c", before)).isEmpty();
    assertThat(new ComponentState(null, "DEPRECATED").statusNews("c", before)).hasValueSatisfying(n -> assertThat(n).contains("c is now DEPRECATED (was ACTIVE)"));
    assertThat(new ComponentState("2023.1.0", "ACTIVE").statusNews("c", before)).hasValueSatisfying(n -> assertThat(n).contains("2023.4.0 is no longer ACTIVE"));
  }
}
