package dev.compliantami.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundarySettingsTest {

  private static BoundarySettings read(Map<String, String> env) {
    return BoundarySettings.from(new EnvReader(env), "eu-west-1");
  }

  @Test
  void neitherAccountsNorOusMeansTheCentralAccountOnlyWithDefaults() {
    BoundarySettings s = read(Map.of());
    assertThat(s.centralAccountOnly()).isTrue();
    assertThat(s.accountIds()).isEmpty();
    assertThat(s.ouIds()).isEmpty();
    assertThat(s.regions()).containsExactly("eu-west-1");
    assertThat(s.memberRoleName()).isEqualTo("compliant-ami-member");
    assertThat(s.parallelism()).isEqualTo(8);
    assertThat(s.requestsPerSecond()).isEqualTo(5.0);
  }

  @Test
  void accountsAndRegionsAreTrimmedAndDeduplicatedInOrder() {
    BoundarySettings s = read(Map.of(
        "BOUNDARY_ACCOUNT_IDS", " 222233334444, 111122223333 ,222233334444,",
        "BOUNDARY_REGIONS", "us-west-2,us-east-1,us-west-2",
        "MEMBER_ROLE_NAME", "AmiComplianceExecutionRole",
        "FLEET_PARALLELISM", "64",
        "FLEET_REQUESTS_PER_SECOND", "0.1"));
    assertThat(s.accountIds()).containsExactly("222233334444", "111122223333");
    assertThat(s.centralAccountOnly()).isFalse();
    assertThat(s.regions()).containsExactly("us-west-2", "us-east-1");
    assertThat(s.memberRoleName()).isEqualTo("AmiComplianceExecutionRole");
    assertThat(s.parallelism()).isEqualTo(64);
    assertThat(s.requestsPerSecond()).isEqualTo(0.1);
  }

  @Test
  void ousAcceptOuIdsAndTheRootId() {
    BoundarySettings s = read(Map.of("BOUNDARY_OU_IDS", "ou-ab12-cdef3456,r-a1b2", "BOUNDARY_REGIONS", "us-gov-west-1"));
    assertThat(s.ouIds()).containsExactly("ou-ab12-cdef3456", "r-a1b2");
    assertThat(s.accountIds()).isEmpty();
    assertThat(s.regions()).containsExactly("us-gov-west-1");
  }

  @Test
  void bothAccountsAndOusIsAnErrorNamingBothVariables() {
    assertThatThrownBy(() -> read(Map.of("BOUNDARY_ACCOUNT_IDS", "111122223333", "BOUNDARY_OU_IDS", "r-a1b2")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("BOUNDARY_ACCOUNT_IDS"))
        .hasMessageContaining("BOUNDARY_ACCOUNT_IDS")
        .hasMessageContaining("BOUNDARY_OU_IDS")
        .hasMessageContaining("12-digit")
        .hasMessageContaining("ou-xxxx-xxxxxxxx")
        .hasMessageContaining("r-xxxx");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "BOUNDARY_ACCOUNT_IDS | 111122223333,12345",
      "BOUNDARY_ACCOUNT_IDS | arn:aws:iam::111122223333:root",
      "BOUNDARY_OU_IDS | ou-ab12",
      "BOUNDARY_OU_IDS | 111122223333",
      "BOUNDARY_OU_IDS | o-abcdefghij",
      "BOUNDARY_REGIONS | us-east-1,Europe",
      "MEMBER_ROLE_NAME | path/role",
      "MEMBER_ROLE_NAME | has space",
      "MEMBER_ROLE_NAME | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "FLEET_PARALLELISM | 0",
      "FLEET_PARALLELISM | 65",
      "FLEET_PARALLELISM | many",
      "FLEET_REQUESTS_PER_SECOND | 0.05",
      "FLEET_REQUESTS_PER_SECOND | 100.5",
      "FLEET_REQUESTS_PER_SECOND | NaN",
      "FLEET_REQUESTS_PER_SECOND | 5d",
      "FLEET_REQUESTS_PER_SECOND | -1",
  })
  void badValuesNameTheVariable(String variable, String value) {
    assertThatThrownBy(() -> read(Map.of(variable, value)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo(variable))
        .hasMessageStartingWith(variable + " ")
        .hasMessageContaining("expected");
  }

  @Test
  void boundaryRateAcceptsDecimalsUpToOneHundred() {
    assertThat(read(Map.of("FLEET_REQUESTS_PER_SECOND", "2.5")).requestsPerSecond()).isEqualTo(2.5);
    assertThat(read(Map.of("FLEET_REQUESTS_PER_SECOND", "100")).requestsPerSecond()).isEqualTo(100.0);
    assertThat(read(Map.of("FLEET_PARALLELISM", "1")).parallelism()).isEqualTo(1);
  }

  @Test
  void blankListsCountAsUnset() {
    BoundarySettings s = read(Map.of("BOUNDARY_ACCOUNT_IDS", " ", "BOUNDARY_OU_IDS", ",", "BOUNDARY_REGIONS", ""));
    assertThat(s.centralAccountOnly()).isTrue();
    assertThat(s.regions()).containsExactly("eu-west-1");
  }

  @Test
  void theRecordRefusesAccountsTogetherWithOus() {
    assertThatThrownBy(() -> new BoundarySettings(List.of("111122223333"), List.of("r-a1b2"), List.of("us-east-1"),
        "r", 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
