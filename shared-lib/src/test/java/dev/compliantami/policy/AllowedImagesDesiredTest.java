package dev.compliantami.policy;

import static dev.compliantami.policy.AllowedImagesLimitsTest.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AllowedImagesDesiredTest {
  private static final String FACTORY = "111122223333";

  @Test
  void defaultsAreAmazonAndTheFactoryInAuditMode() {
    AllowedImagesDesired d = AllowedImagesDesired.defaults(FACTORY).validate();
    assertThat(d.state()).isEqualTo("audit-mode");
    assertThat(d.criteria()).containsExactly(AllowedImagesCriterion.providers("amazon", FACTORY));
    assertThat(d.settings()).isEqualTo(new AllowedImagesSettings("audit-mode", d.criteria(), "account"));
  }

  @Test
  void amazonCanBeSwitchedOffAndExtraAccountsAdded() {
    AllowedImagesDesired d = new AllowedImagesDesired(false, FACTORY, Set.of("444455556666", FACTORY), Set.of(), Set.of(), null, null, "enabled");
    assertThat(d.validate().criteria()).containsExactly(AllowedImagesCriterion.providers(FACTORY, "444455556666"));
    assertThat(d.providers()).containsExactly(FACTORY, "444455556666");
  }

  @Test
  void namesAndDaysGoIntoTheFirstCriterionAndProductCodesIntoAMarketplaceCriterion() {
    AllowedImagesDesired d = new AllowedImagesDesired(true, FACTORY, Set.of(), Set.of("al2023-*"), Set.of("abc123"), 90, 0, null);
    assertThat(d.validate().criteria()).containsExactly(
        AllowedImagesCriterion.providers("amazon", FACTORY).withImageNames("al2023-*").withMaximumDaysSinceCreated(90)
            .withMaximumDaysSinceDeprecated(0),
        AllowedImagesCriterion.providers("aws-marketplace").withMarketplaceProductCodes("abc123").withMaximumDaysSinceCreated(90)
            .withMaximumDaysSinceDeprecated(0));
  }

  @Test
  void theFactoryIsNeverBlockedByTheMarketplaceCriterion() {
    AllowedImagesDesired d = new AllowedImagesDesired(true, FACTORY, Set.of(), Set.of(), Set.of("abc123"), null, null, null);
    AllowedImagesImpact.InstanceImage factoryImage =
        new AllowedImagesImpact.InstanceImage("i-1", "ami-1", "golden", FACTORY, null, null, null);
    assertThat(AllowedImagesImpact.allowed(d.criteria(), "999988887777", factoryImage, java.time.Instant.now())).isTrue();
  }

  @Test
  void fromSettingsReadsListsAndDefaults() {
    Map<String, String> env = new HashMap<>();
    env.put("FACTORY_ACCOUNT_ID", " 111122223333 ");
    env.put("ALLOWED_AMIS_EXTRA_ACCOUNT_IDS", "444455556666, 555566667777,,444455556666");
    env.put("ALLOWED_AMIS_IMAGE_NAMES", "al2023-*, RHEL-9.?*");
    env.put("ALLOWED_AMIS_MAX_DAYS_SINCE_CREATED", "365");
    env.put("ALLOWED_AMIS_STATE", "Enabled");
    AllowedImagesDesired d = AllowedImagesDesired.fromSettings(env::get);
    assertThat(d).isEqualTo(new AllowedImagesDesired(true, FACTORY, Set.of("444455556666", "555566667777"),
        Set.of("al2023-*", "RHEL-9.?*"), Set.of(), 365, null, "enabled"));

    AllowedImagesDesired minimal = AllowedImagesDesired.fromSettings(Map.of("FACTORY_ACCOUNT_ID", FACTORY, "ALLOWED_AMIS_STATE", " ")::get);
    assertThat(minimal).isEqualTo(AllowedImagesDesired.defaults(FACTORY));
    assertThat(AllowedImagesDesired.fromSettings(Map.of("FACTORY_ACCOUNT_ID", FACTORY, "ALLOWED_AMIS_INCLUDE_AMAZON", "FALSE")::get)
        .includeAmazon()).isFalse();
  }

  @Test
  void everySettingErrorNamesTheSettingAndTheForm() {
    record Case(Map<String, String> env, String message) {}
    List<Case> cases = List.of(
        new Case(Map.of(), "FACTORY_ACCOUNT_ID is not set; expected a 12-digit AWS account ID"),
        new Case(Map.of("FACTORY_ACCOUNT_ID", "1234"), "FACTORY_ACCOUNT_ID is '1234'; expected a 12-digit AWS account ID"),
        new Case(env("ALLOWED_AMIS_STATE", "disabled"), "ALLOWED_AMIS_STATE is 'disabled'; expected 'audit-mode' or 'enabled'"),
        new Case(env("ALLOWED_AMIS_STATE", "audit_mode"), "ALLOWED_AMIS_STATE is 'audit_mode'; expected 'audit-mode' or 'enabled'"),
        new Case(env("ALLOWED_AMIS_INCLUDE_AMAZON", "yes"), "ALLOWED_AMIS_INCLUDE_AMAZON is 'yes'; expected 'true' or 'false'"),
        new Case(env("ALLOWED_AMIS_EXTRA_ACCOUNT_IDS", "444455556666,12345"),
            "ALLOWED_AMIS_EXTRA_ACCOUNT_IDS has a bad entry '12345'; expected a 12-digit AWS account ID"),
        new Case(env("ALLOWED_AMIS_EXTRA_ACCOUNT_IDS", "none"),
            "ALLOWED_AMIS_EXTRA_ACCOUNT_IDS has a bad entry 'none'; expected a 12-digit AWS account ID"
                + " ('none' cannot be combined with the factory account or other providers)"),
        new Case(env("ALLOWED_AMIS_EXTRA_ACCOUNT_IDS", "aws-marketplace"),
            "ALLOWED_AMIS_EXTRA_ACCOUNT_IDS has a bad entry 'aws-marketplace'; expected a 12-digit AWS account ID"),
        new Case(env("ALLOWED_AMIS_IMAGE_NAMES", "al2023-*,a?"),
            "ALLOWED_AMIS_IMAGE_NAMES has a bad entry 'a?'; expected an image name pattern of 1-128 characters from A-Z a-z 0-9"
                + " ( ) [ ] . / - ' @ _ space and the wildcards * and ? (at least 3 characters when it contains ?)"),
        new Case(env("ALLOWED_AMIS_MARKETPLACE_PRODUCT_CODES", "abc-1"),
            "ALLOWED_AMIS_MARKETPLACE_PRODUCT_CODES has a bad entry 'abc-1'; expected a marketplace product code of 1-25 letters and digits"),
        new Case(env("ALLOWED_AMIS_MAX_DAYS_SINCE_CREATED", "-1"),
            "ALLOWED_AMIS_MAX_DAYS_SINCE_CREATED is '-1'; expected a whole number of days, 0 or more"),
        new Case(env("ALLOWED_AMIS_MAX_DAYS_SINCE_CREATED", "ten"),
            "ALLOWED_AMIS_MAX_DAYS_SINCE_CREATED is 'ten'; expected a whole number of days, 0 or more"),
        new Case(env("ALLOWED_AMIS_MAX_DAYS_SINCE_DEPRECATED", "1.5"),
            "ALLOWED_AMIS_MAX_DAYS_SINCE_DEPRECATED is '1.5'; expected a whole number of days, 0 or more"));
    for (Case c : cases) {
      AllowedImagesSettingError e = error(() -> AllowedImagesDesired.fromSettings(c.env()::get));
      assertThat(e.getMessage()).as(c.env().toString()).isEqualTo(c.message());
      assertThat(c.message()).startsWith(e.setting() + " ");
    }
  }

  @Test
  void validateChecksTheRecordDirectlyToo() {
    assertThat(error(() -> new AllowedImagesDesired(true, FACTORY, Set.of(), Set.of(), Set.of(), -2, null, null).validate()).setting())
        .isEqualTo("ALLOWED_AMIS_MAX_DAYS_SINCE_CREATED");
    assertThat(error(() -> new AllowedImagesDesired(true, FACTORY, Set.of(), Set.of(), Set.of(), null, -1, null).validate()).setting())
        .isEqualTo("ALLOWED_AMIS_MAX_DAYS_SINCE_DEPRECATED");
    assertThat(error(() -> new AllowedImagesDesired(true, null, Set.of(), Set.of(), Set.of(), null, null, null).validate()).setting())
        .isEqualTo("FACTORY_ACCOUNT_ID");
  }

  @Test
  void providerLimitCountsAmazonAndTheFactory() {
    assertThatCode(() -> desiredWithExtras(true, 198).validate()).doesNotThrowAnyException();
    assertThatCode(() -> desiredWithExtras(false, 199).validate()).doesNotThrowAnyException();
    AllowedImagesSettingError e = error(() -> desiredWithExtras(true, 199).validate());
    assertThat(e.setting()).isEqualTo("ALLOWED_AMIS_EXTRA_ACCOUNT_IDS");
    assertThat(e.expected()).isEqualTo("at most 198 account IDs besides 'amazon' and the factory account (200 providers in all), not 199");
    assertThat(error(() -> desiredWithExtras(false, 200).validate()).expected())
        .isEqualTo("at most 199 account IDs besides the factory account (200 providers in all), not 200");
    // generated criteria always satisfy the API limits
    AllowedImagesLimits.checkCriteria("x", desiredWithExtras(true, 198).criteria());
  }

  @Test
  void nameAndProductCodeCountLimits() {
    Set<String> names = new TreeSet<>(IntStream.range(0, 51).mapToObj(i -> "name-" + i + "-*").toList());
    assertThat(error(() -> new AllowedImagesDesired(true, FACTORY, Set.of(), names, Set.of(), null, null, null).validate()).getMessage())
        .startsWith("ALLOWED_AMIS_IMAGE_NAMES is '").endsWith("expected at most 50 image name patterns, not 51");
    Set<String> codes = new TreeSet<>(IntStream.range(0, 51).mapToObj(i -> "code" + i).toList());
    assertThat(error(() -> new AllowedImagesDesired(true, FACTORY, Set.of(), Set.of(), codes, null, null, null).validate()).getMessage())
        .startsWith("ALLOWED_AMIS_MARKETPLACE_PRODUCT_CODES is '").endsWith("expected at most 50 marketplace product codes, not 51");
  }

  private static AllowedImagesDesired desiredWithExtras(boolean amazon, int extras) {
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < extras; i++) {
      ids.add(String.valueOf(200000000000L + i));
    }
    ids.add(FACTORY); // the factory listed again does not count twice
    return new AllowedImagesDesired(amazon, FACTORY, ids, Set.of(), Set.of(), null, null, null);
  }

  private static Map<String, String> env(String key, String value) {
    return Map.of("FACTORY_ACCOUNT_ID", FACTORY, key, value);
  }
}
