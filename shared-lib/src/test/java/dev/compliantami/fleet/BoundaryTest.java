package dev.compliantami.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.config.EnvReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundaryTest {
  private static final String CENTRAL = "999988887777";

  @Test
  void targetsAreAccountsTimesRegionsAccountMajorWithAccountsSortedAndDeduplicated() {
    List<Target> targets = Boundary.of(
        List.of("333333333333", "111111111111", "333333333333"), List.of("us-west-2", "eu-west-1", "us-west-2")).targets();
    assertThat(targets).containsExactly(
        new Target("111111111111", "us-west-2"),
        new Target("111111111111", "eu-west-1"),
        new Target("333333333333", "us-west-2"),
        new Target("333333333333", "eu-west-1"));
  }

  @Test
  void configuredAccountsAreUsedAndTheDirectoryIsNotAsked() {
    BoundarySettings s = settings(Map.of("BOUNDARY_ACCOUNT_IDS", "222222222222,111111111111"));
    Boundary b = Boundary.resolve(s, CENTRAL, parents -> {
      throw new AssertionError("Organizations must not be called for an account list");
    });
    assertThat(b.accountIds()).containsExactly("111111111111", "222222222222");
    assertThat(b.regions()).containsExactly("us-east-1");
  }

  @Test
  void neitherConfiguredMeansTheCentralAccountAlone() {
    Boundary b = Boundary.resolve(settings(Map.of("BOUNDARY_REGIONS", "us-east-1,eu-central-1")), CENTRAL, null);
    assertThat(b.targets()).containsExactly(new Target(CENTRAL, "us-east-1"), new Target(CENTRAL, "eu-central-1"));
  }

  @Test
  void ousAreResolvedThroughTheDirectoryThenSortedAndDeduplicated() {
    List<Collection<String>> asked = new ArrayList<>();
    AccountDirectory directory = parents -> {
      asked.add(List.copyOf(parents));
      return Set.of("555555555555", "444444444444");
    };
    Boundary b = Boundary.resolve(settings(Map.of("BOUNDARY_OU_IDS", "ou-ab12-cdef3456,r-a1b2")), CENTRAL, directory);
    assertThat(asked).containsExactly(List.of("ou-ab12-cdef3456", "r-a1b2"));
    assertThat(b.accountIds()).containsExactly("444444444444", "555555555555");
  }

  @Test
  void anEmptyOuGivesNoTargets() {
    Boundary b = Boundary.resolve(settings(Map.of("BOUNDARY_OU_IDS", "r-a1b2")), CENTRAL, parents -> Set.of());
    assertThat(b.targets()).isEmpty();
  }

  @Test
  void badAccountIdsAreRefused() {
    assertThatThrownBy(() -> Boundary.of(List.of("12345"), List.of("us-east-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12345");
    assertThatThrownBy(() -> Boundary.of(List.of("111111111111"), List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static BoundarySettings settings(Map<String, String> env) {
    return BoundarySettings.from(new EnvReader(env), "us-east-1");
  }
}
