package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.policy.AllowedImagesImpact.Disallowed;
import dev.compliantami.policy.AllowedImagesImpact.Field;
import dev.compliantami.policy.AllowedImagesImpact.InstanceImage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedImagesImpactTest {
  private static final String OWN = "999988887777";
  private static final String FACTORY = "111122223333";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final List<AllowedImagesCriterion> DEFAULT = AllowedImagesDesired.defaults(FACTORY).criteria();

  private static InstanceImage image(String id, String name, String ownerId, String alias) {
    return new InstanceImage(id, "ami-" + id, name, ownerId, alias, NOW.minus(Duration.ofDays(10)), null);
  }

  @Test
  void providersMatchAccountIdsAndAliases() {
    List<InstanceImage> instances = List.of(
        image("i-factory", "golden", FACTORY, null),
        image("i-amazon", "al2023-ami-x", "137112412989", "amazon"),
        image("i-market", "vendor", "679593333241", "aws-marketplace"),
        image("i-backup", "restored", "123456789012", "aws-backup-vault"),
        image("i-other", "random", "555566667777", null));
    List<Disallowed> out = AllowedImagesImpact.disallowed(DEFAULT, OWN, instances, NOW);
    assertThat(out).extracting(d -> d.instance().instanceId()).containsExactly("i-market", "i-backup", "i-other");
    assertThat(out.get(2).reason())
        .isEqualTo("criterion 1: provider (owner 555566667777, alias null) not in [111122223333, amazon]");
    assertThat(out.get(2).misses().get(0).failed()).containsExactly(Field.PROVIDER);

    List<AllowedImagesCriterion> wide = List.of(AllowedImagesCriterion.providers("aws-marketplace", "aws-backup-vault"));
    assertThat(AllowedImagesImpact.disallowed(wide, OWN, instances, NOW))
        .extracting(d -> d.instance().instanceId()).containsExactly("i-factory", "i-amazon", "i-other");
  }

  @Test
  void ownAccountImagesAreAlwaysAllowed() {
    InstanceImage own = new InstanceImage("i-own", "ami-own", "anything!", OWN, null, null, NOW.minus(Duration.ofDays(400)));
    assertThat(AllowedImagesImpact.disallowed(DEFAULT, OWN, List.of(own), NOW)).isEmpty();
    assertThat(AllowedImagesImpact.disallowed(List.of(), OWN, List.of(own), NOW)).isEmpty();
    assertThat(AllowedImagesImpact.disallowed(List.of(AllowedImagesCriterion.providers("none")), OWN, List.of(own), NOW)).isEmpty();
    // the same image seen from another account is not
    assertThat(AllowedImagesImpact.disallowed(DEFAULT, "000011112222", List.of(own), NOW)).hasSize(1);
  }

  @Test
  void noCriteriaAllowNothingButOwnImages() {
    List<Disallowed> out = AllowedImagesImpact.disallowed(List.of(), OWN, List.of(image("i-1", "x", FACTORY, null)), NOW);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).misses()).isEmpty();
    assertThat(out.get(0).reason()).isEqualTo("no criteria: only the account's own AMIs are allowed");
    assertThat(AllowedImagesImpact.disallowed(List.of(AllowedImagesCriterion.providers("none")), OWN,
        List.of(image("i-2", "x", FACTORY, "amazon")), NOW)).hasSize(1);
  }

  @Test
  void wildcardNames() {
    assertThat(AllowedImagesImpact.nameMatches("al2023-ami-*", "al2023-ami-2023.6.20250107.0-kernel-6.1-x86_64")).isTrue();
    assertThat(AllowedImagesImpact.nameMatches("al2023-ami-*", "al2023-ami-")).isTrue();
    assertThat(AllowedImagesImpact.nameMatches("al2023-ami-*", "xal2023-ami-1")).isFalse();
    assertThat(AllowedImagesImpact.nameMatches("*", "")).isTrue();
    assertThat(AllowedImagesImpact.nameMatches("*", "anything at all")).isTrue();
    assertThat(AllowedImagesImpact.nameMatches("RHEL-9.?_HVM*", "RHEL-9.4_HVM-20240101")).isTrue();
    assertThat(AllowedImagesImpact.nameMatches("RHEL-9.?_HVM*", "RHEL-9.10_HVM")).isFalse();
    assertThat(AllowedImagesImpact.nameMatches("a*b*c", "aXXbYYc")).isTrue();
    assertThat(AllowedImagesImpact.nameMatches("a*b*c", "aXXbYYcd")).isFalse();
    assertThat(AllowedImagesImpact.nameMatches("*-x86_64", "al2023-arm64")).isFalse();
    assertThat(AllowedImagesImpact.nameMatches("Golden", "golden")).isFalse();
    assertThat(AllowedImagesImpact.nameMatches("a??", "abc")).isTrue();
    assertThat(AllowedImagesImpact.nameMatches("a??", "ab")).isFalse();
    assertThat(AllowedImagesImpact.nameMatches("golden", null)).isFalse();
    assertThat(AllowedImagesImpact.nameMatches("ab[c].(d)", "ab[c].(d)")).isTrue();
  }

  @Test
  void wildcardMatchingAgreesWithARegexOverRandomInputs() {
    Random random = new Random(5);
    String alphabet = "ab-";
    for (int round = 0; round < 3000; round++) {
      StringBuilder pattern = new StringBuilder();
      for (int i = random.nextInt(6); i > 0; i--) {
        pattern.append("ab-*?".charAt(random.nextInt(5)));
      }
      StringBuilder name = new StringBuilder();
      for (int i = random.nextInt(8); i > 0; i--) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String regex = pattern.toString().replace("-", "\\-").replace("*", ".*").replace("?", ".");
      assertThat(AllowedImagesImpact.nameMatches(pattern.toString(), name.toString()))
          .as(pattern + " vs " + name).isEqualTo(name.toString().matches(regex));
    }
  }

  @Test
  void namesAndProvidersCombineWithAndWithinACriterion() {
    List<AllowedImagesCriterion> criteria = List.of(AllowedImagesCriterion.providers("amazon", FACTORY).withImageNames("al2023-*", "golden-*"));
    List<InstanceImage> instances = List.of(
        image("i-ok", "golden-1", FACTORY, null),
        image("i-badname", "ubuntu-22", "137112412989", "amazon"),
        image("i-both", "ubuntu-22", "555566667777", null));
    List<Disallowed> out = AllowedImagesImpact.disallowed(criteria, OWN, instances, NOW);
    assertThat(out).extracting(d -> d.instance().instanceId()).containsExactly("i-badname", "i-both");
    assertThat(out.get(0).reason()).isEqualTo("criterion 1: image name 'ubuntu-22' matches none of [al2023-*, golden-*]");
    assertThat(out.get(1).misses().get(0).failed()).containsExactly(Field.PROVIDER, Field.IMAGE_NAME);
    assertThat(out.get(1).reason()).isEqualTo("criterion 1: provider (owner 555566667777, alias null) not in [111122223333, amazon];"
        + " image name 'ubuntu-22' matches none of [al2023-*, golden-*]");
  }

  @Test
  void criteriaCombineWithOrAndEveryMissIsReported() {
    List<AllowedImagesCriterion> criteria = List.of(
        AllowedImagesCriterion.providers(FACTORY),
        AllowedImagesCriterion.providers("amazon").withImageNames("al2023-*"));
    assertThat(AllowedImagesImpact.allowed(criteria, OWN, image("i-1", "anything", FACTORY, null), NOW)).isTrue();
    assertThat(AllowedImagesImpact.allowed(criteria, OWN, image("i-2", "al2023-x", "137112412989", "amazon"), NOW)).isTrue();
    List<Disallowed> out = AllowedImagesImpact.disallowed(criteria, OWN, List.of(image("i-3", "win", "801119661308", "amazon")), NOW);
    assertThat(out.get(0).misses()).extracting(AllowedImagesImpact.Miss::criterion).containsExactly(1, 2);
    assertThat(out.get(0).reason()).isEqualTo("criterion 1: provider (owner 801119661308, alias amazon) not in [111122223333]"
        + " | criterion 2: image name 'win' matches none of [al2023-*]");
  }

  @Test
  void creationDateCondition() {
    List<AllowedImagesCriterion> criteria = List.of(AllowedImagesCriterion.providers(FACTORY).withMaximumDaysSinceCreated(30));
    InstanceImage fresh = new InstanceImage("i-fresh", "ami-1", "g", FACTORY, null, NOW.minus(Duration.ofDays(29)), null);
    InstanceImage edge = new InstanceImage("i-edge", "ami-2", "g", FACTORY, null, NOW.minus(Duration.ofDays(30)), null);
    InstanceImage old = new InstanceImage("i-old", "ami-3", "g", FACTORY, null, NOW.minus(Duration.ofDays(30)).minusSeconds(1), null);
    InstanceImage unknown = new InstanceImage("i-unknown", "ami-4", "g", FACTORY, null, null, null);
    List<Disallowed> out = AllowedImagesImpact.disallowed(criteria, OWN, List.of(fresh, edge, old, unknown), NOW);
    assertThat(out).extracting(d -> d.instance().instanceId()).containsExactly("i-old", "i-unknown");
    assertThat(out.get(0).reason()).isEqualTo("criterion 1: created 30 days ago, more than 30");
    assertThat(out.get(0).misses().get(0).failed()).containsExactly(Field.CREATION_DATE);
    assertThat(out.get(1).reason()).isEqualTo("criterion 1: creation date unknown, need at most 30 days since created");
  }

  @Test
  void deprecationTimeCondition() {
    List<AllowedImagesCriterion> zero = List.of(AllowedImagesCriterion.providers(FACTORY).withMaximumDaysSinceDeprecated(0));
    List<AllowedImagesCriterion> seven = List.of(AllowedImagesCriterion.providers(FACTORY).withMaximumDaysSinceDeprecated(7));
    InstanceImage live = dep("i-live", null);
    InstanceImage future = dep("i-future", NOW.plus(Duration.ofDays(1)));
    InstanceImage justNow = dep("i-now", NOW);
    InstanceImage recent = dep("i-recent", NOW.minus(Duration.ofDays(6)));
    InstanceImage week = dep("i-week", NOW.minus(Duration.ofDays(7)));
    List<InstanceImage> all = List.of(live, future, justNow, recent, week);

    List<Disallowed> out0 = AllowedImagesImpact.disallowed(zero, OWN, all, NOW);
    assertThat(out0).extracting(d -> d.instance().instanceId()).containsExactly("i-now", "i-recent", "i-week");
    assertThat(out0.get(0).reason())
        .isEqualTo("criterion 1: deprecated since 2025-06-01T12:00:00Z and deprecated images are not allowed");
    assertThat(out0.get(0).misses().get(0).failed()).containsExactly(Field.DEPRECATION_TIME);

    List<Disallowed> out7 = AllowedImagesImpact.disallowed(seven, OWN, all, NOW);
    assertThat(out7).extracting(d -> d.instance().instanceId()).containsExactly("i-week");
    assertThat(out7.get(0).reason()).isEqualTo("criterion 1: deprecated 7 days ago, at least 7");
  }

  @Test
  void marketplaceProductCodes() {
    List<AllowedImagesCriterion> criteria = new AllowedImagesDesired(true, FACTORY, Set.of(), Set.of(), Set.of("abc123"), null, null, null)
        .criteria();
    InstanceImage listed = new InstanceImage("i-listed", "ami-1", "v", "679593333241", "aws-marketplace", NOW, null, Set.of("abc123"));
    InstanceImage other = new InstanceImage("i-other", "ami-2", "v", "679593333241", "aws-marketplace", NOW, null, Set.of("zzz"));
    InstanceImage unknown = new InstanceImage("i-unknown", "ami-3", "v", "679593333241", "aws-marketplace", NOW, null);
    List<Disallowed> out = AllowedImagesImpact.disallowed(criteria, OWN, List.of(listed, other, unknown), NOW);
    assertThat(out).extracting(d -> d.instance().instanceId()).containsExactly("i-other", "i-unknown");
    assertThat(out.get(0).reason()).isEqualTo("criterion 1: provider (owner 679593333241, alias aws-marketplace) not in"
        + " [111122223333, amazon] | criterion 2: marketplace product codes [zzz] include none of [abc123]");
    assertThat(out.get(1).misses().get(1).failed()).containsExactly(Field.MARKETPLACE_PRODUCT_CODE);
    assertThat(out.get(1).misses().get(1).details()).containsExactly("marketplace product codes unknown, need one of [abc123]");
  }

  @Test
  void everyFailedFieldIsListed() {
    AllowedImagesCriterion strict = AllowedImagesCriterion.providers(FACTORY).withImageNames("golden-*")
        .withMarketplaceProductCodes("abc").withMaximumDaysSinceCreated(1).withMaximumDaysSinceDeprecated(0);
    InstanceImage bad = new InstanceImage("i-1", "ami-1", "other", "555566667777", null, NOW.minus(Duration.ofDays(5)),
        NOW.minus(Duration.ofDays(2)), Set.of());
    List<Disallowed> out = AllowedImagesImpact.disallowed(List.of(strict), OWN, List.of(bad), NOW);
    assertThat(out.get(0).misses().get(0).failed()).containsExactly(
        Field.PROVIDER, Field.IMAGE_NAME, Field.MARKETPLACE_PRODUCT_CODE, Field.CREATION_DATE, Field.DEPRECATION_TIME);
    assertThat(AllowedImagesImpact.matches(strict, bad, NOW)).isFalse();
  }

  private static InstanceImage dep(String id, Instant deprecation) {
    return new InstanceImage(id, "ami-" + id, "g", FACTORY, null, NOW.minus(Duration.ofDays(100)), deprecation);
  }
}
