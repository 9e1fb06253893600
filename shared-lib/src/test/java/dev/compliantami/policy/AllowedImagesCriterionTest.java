package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedImagesCriterionTest {

  @Test
  void valuesAreTrimmedDeduplicatedAndBlanksDropped() {
    AllowedImagesCriterion c = AllowedImagesCriterion.of(
        List.of(" amazon", "111122223333 ", "Amazon", "", "  "), List.of("al2023-*", " al2023-* "), List.of("abc1", "abc1"), 30, 0);
    assertThat(c.imageProviders()).containsExactly("111122223333", "amazon");
    assertThat(c.imageNames()).containsExactly("al2023-*");
    assertThat(c.marketplaceProductCodes()).containsExactly("abc1");
    assertThat(c.maximumDaysSinceCreated()).isEqualTo(30);
    assertThat(c.maximumDaysSinceDeprecated()).isZero();
  }

  @Test
  void nullCollectionsAndNullEntriesAreEmpty() {
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    withNull.add("amazon");
    AllowedImagesCriterion c = AllowedImagesCriterion.of(withNull, null, null, null, null);
    assertThat(c.imageProviders()).containsExactly("amazon");
    assertThat(c.imageNames()).isEmpty();
    assertThat(c.marketplaceProductCodes()).isEmpty();
    assertThat(new AllowedImagesCriterion(null, null, null, null, null).isEmpty()).isTrue();
    assertThat(c.isEmpty()).isFalse();
  }

  @Test
  void namesAndProductCodesKeepTheirCase() {
    AllowedImagesCriterion c = AllowedImagesCriterion.of(null, List.of("AL2023-*", "al2023-*"), List.of("ABC", "abc"), null, null);
    assertThat(c.imageNames()).containsExactly("AL2023-*", "al2023-*");
    assertThat(c.marketplaceProductCodes()).containsExactly("ABC", "abc");
  }

  @Test
  void normalisedSetsAreUnmodifiable() {
    AllowedImagesCriterion c = AllowedImagesCriterion.providers("amazon");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.imageProviders().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equalityIgnoresOrderAndDuplicatesOverManyShuffles() {
    Random random = new Random(42);
    List<String> providers = List.of("amazon", "111122223333", "444455556666", "aws-marketplace");
    List<String> names = List.of("al2023-*", "ubuntu-?-*", "windows *");
    AllowedImagesCriterion reference = AllowedImagesCriterion.of(providers, names, List.of("p1", "p2"), 10, 2);
    for (int round = 0; round < 200; round++) {
      List<String> p = withDuplicates(providers, random);
      List<String> n = withDuplicates(names, random);
      List<String> codes = withDuplicates(List.of("p1", "p2"), random);
      AllowedImagesCriterion c = AllowedImagesCriterion.of(p, n, codes, 10, 2);
      assertThat(c).isEqualTo(reference).hasSameHashCodeAs(reference);
      assertThat(c.describe()).isEqualTo(reference.describe());
    }
  }

  @Test
  void differentValuesAreNotEqual() {
    AllowedImagesCriterion a = AllowedImagesCriterion.providers("amazon", "111122223333");
    assertThat(a).isNotEqualTo(AllowedImagesCriterion.providers("amazon"));
    assertThat(a).isNotEqualTo(a.withMaximumDaysSinceCreated(1));
    assertThat(a).isNotEqualTo(a.withMaximumDaysSinceDeprecated(0));
    assertThat(a).isNotEqualTo(a.withImageNames("x*"));
    assertThat(a).isNotEqualTo(a.withMarketplaceProductCodes("abc"));
  }

  @Test
  void describeIsDeterministicAndOmitsEmptyFields() {
    AllowedImagesCriterion c = AllowedImagesCriterion.providers("amazon", "111122223333").withImageNames("al2023-*")
        .withMaximumDaysSinceCreated(90);
    assertThat(c.describe()).isEqualTo("providers [111122223333, amazon], image names [al2023-*], maximum days since created 90");
    assertThat(new AllowedImagesCriterion(null, null, null, null, null).describe()).isEqualTo("no conditions");
    assertThat(AllowedImagesCriterion.providers("aws-marketplace").withMarketplaceProductCodes("abc").withMaximumDaysSinceDeprecated(0)
        .describe()).isEqualTo("providers [aws-marketplace], marketplace product codes [abc], maximum days since deprecated 0");
  }

  @Test
  void settingsNormaliseStateAndManager() {
    AllowedImagesSettings s = new AllowedImagesSettings(null, null, null);
    assertThat(s.state()).isEqualTo("disabled");
    assertThat(s.managedBy()).isEqualTo("account");
    assertThat(s.criteria()).isEmpty();
    assertThat(new AllowedImagesSettings(" Audit_Mode ", List.of(), "Declarative-Policy").state()).isEqualTo("audit-mode");
    assertThat(new AllowedImagesSettings("enabled", List.of(), "declarative-policy").managedByPolicy()).isTrue();
    assertThat(new AllowedImagesSettings("enabled", List.of(), "account").managedByPolicy()).isFalse();
  }

  @Test
  void settingsCompareCriteriaAsASetOverManyShuffles() {
    Random random = new Random(7);
    List<AllowedImagesCriterion> criteria = List.of(
        AllowedImagesCriterion.providers("amazon", "111122223333"),
        AllowedImagesCriterion.providers("aws-marketplace").withMarketplaceProductCodes("abc"),
        AllowedImagesCriterion.providers("444455556666").withImageNames("golden-*"));
    AllowedImagesSettings reference = new AllowedImagesSettings("enabled", criteria, "account");
    for (int round = 0; round < 200; round++) {
      List<AllowedImagesCriterion> shuffled = new ArrayList<>(criteria);
      for (AllowedImagesCriterion c : criteria) {
        if (random.nextBoolean()) {
          // the same criterion written with values in another order
          List<String> p = new ArrayList<>(c.imageProviders());
          Collections.reverse(p);
          shuffled.add(AllowedImagesCriterion.of(p, c.imageNames(), c.marketplaceProductCodes(), null, null));
        }
      }
      Collections.shuffle(shuffled, random);
      AllowedImagesSettings s = new AllowedImagesSettings("ENABLED", shuffled, null);
      assertThat(s.sameCriteria(reference)).isTrue();
      assertThat(s.semanticallyEquals(reference)).isTrue();
      assertThat(s.criteriaSet()).containsExactlyInAnyOrderElementsOf(criteria);
    }
  }

  @Test
  void settingsDifferInStateCriteriaOrManager() {
    List<AllowedImagesCriterion> one = List.of(AllowedImagesCriterion.providers("amazon"));
    AllowedImagesSettings s = new AllowedImagesSettings("enabled", one, "account");
    assertThat(s.semanticallyEquals(new AllowedImagesSettings("audit-mode", one, "account"))).isFalse();
    assertThat(s.semanticallyEquals(new AllowedImagesSettings("enabled", one, "declarative-policy"))).isFalse();
    assertThat(s.semanticallyEquals(new AllowedImagesSettings("enabled", List.of(), "account"))).isFalse();
    assertThat(s.sameCriteria(List.of(AllowedImagesCriterion.providers("amazon"), AllowedImagesCriterion.providers("amazon")))).isTrue();
    assertThat(s.sameCriteria(Set.of(AllowedImagesCriterion.providers("amazon", "none")))).isFalse();
  }

  private static List<String> withDuplicates(List<String> values, Random random) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      int copies = 1 + random.nextInt(3);
      for (int i = 0; i < copies; i++) {
        out.add(random.nextBoolean() ? " " + v + " " : v);
      }
    }
    if (random.nextBoolean()) {
      out.add("   ");
    }
    Collections.shuffle(out, random);
    return out;
  }
}
