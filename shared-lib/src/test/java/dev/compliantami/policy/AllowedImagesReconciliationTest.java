package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.policy.AllowedImagesReconciliation.Decision;
import dev.compliantami.policy.AllowedImagesReconciliation.Drift;
import dev.compliantami.policy.AllowedImagesReconciliation.InSync;
import dev.compliantami.policy.AllowedImagesReconciliation.ManagedByPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedImagesReconciliationTest {
  private static final String FACTORY = "111122223333";
  private static final AllowedImagesDesired DESIRED = AllowedImagesDesired.defaults(FACTORY);
  private static final AllowedImagesDesired FULL =
      new AllowedImagesDesired(true, FACTORY, Set.of("444455556666"), Set.of("al2023-*"), Set.of("abc123"), 90, 0, "enabled");

  @Test
  void sameSettingIsInSyncWhateverTheOrderAndDuplicates() {
    Random random = new Random(3);
    for (int round = 0; round < 100; round++) {
      List<AllowedImagesCriterion> criteria = new ArrayList<>();
      for (AllowedImagesCriterion c : FULL.criteria()) {
        List<String> providers = new ArrayList<>(c.imageProviders());
        Collections.shuffle(providers, random);
        AllowedImagesCriterion copy = AllowedImagesCriterion.of(providers, c.imageNames(), c.marketplaceProductCodes(),
            c.maximumDaysSinceCreated(), c.maximumDaysSinceDeprecated());
        criteria.add(copy);
        if (random.nextBoolean()) {
          criteria.add(copy);
        }
      }
      Collections.shuffle(criteria, random);
      Decision d = AllowedImagesReconciliation.decide(new AllowedImagesSettings("enabled", criteria, "account"), FULL);
      assertThat(d).isEqualTo(new InSync());
    }
  }

  @Test
  void disabledAccountNeedsStateAndCriteria() {
    Decision d = AllowedImagesReconciliation.decide(new AllowedImagesSettings("disabled", List.of(), "account"), DESIRED);
    assertThat(d).isEqualTo(new Drift(List.of(
        "state: disabled, want audit-mode",
        "criterion 1 missing: providers [111122223333, amazon]"), true, true));
  }

  @Test
  void providerDifferencesNameWhatIsMissingAndExtra() {
    AllowedImagesSettings current = new AllowedImagesSettings("audit-mode",
        List.of(AllowedImagesCriterion.providers("amazon", "aws-marketplace")), "account");
    Decision d = AllowedImagesReconciliation.decide(current, DESIRED);
    assertThat(d).isEqualTo(new Drift(List.of("criterion 1 providers: missing 111122223333; extra aws-marketplace"), true, false));
  }

  @Test
  void onlyTheStateDiffers() {
    AllowedImagesSettings current = new AllowedImagesSettings("audit-mode", FULL.criteria(), "account");
    assertThat(AllowedImagesReconciliation.decide(current, FULL))
        .isEqualTo(new Drift(List.of("state: audit-mode, want enabled"), false, true));
  }

  @Test
  void everyFieldDifferenceIsDescribed() {
    AllowedImagesSettings current = new AllowedImagesSettings("enabled", List.of(
        AllowedImagesCriterion.providers("amazon", FACTORY, "444455556666").withImageNames("al2-*", "al2023-*")
            .withMaximumDaysSinceCreated(30),
        AllowedImagesCriterion.providers("aws-marketplace").withMarketplaceProductCodes("zzz").withMaximumDaysSinceCreated(90)
            .withMaximumDaysSinceDeprecated(0),
        AllowedImagesCriterion.providers("aws-backup-vault")), "account");
    Decision d = AllowedImagesReconciliation.decide(current, FULL);
    assertThat(d).isInstanceOf(Drift.class);
    Drift drift = (Drift) d;
    assertThat(drift.criteriaDiffer()).isTrue();
    assertThat(drift.stateDiffers()).isFalse();
    assertThat(drift.differences()).containsExactly(
        "criterion 1 image names: extra al2-*",
        "criterion 1 maximum days since created: 30, want 90",
        "criterion 1 maximum days since deprecated: none, want 0",
        "criterion 2 marketplace product codes: missing abc123; extra zzz",
        "extra criterion: providers [aws-backup-vault]");
  }

  @Test
  void missingSecondCriterionAndRemovedCondition() {
    AllowedImagesSettings current = new AllowedImagesSettings("enabled", List.of(
        AllowedImagesCriterion.providers("amazon", FACTORY, "444455556666").withImageNames("al2023-*")
            .withMaximumDaysSinceCreated(90)), "account");
    Drift drift = (Drift) AllowedImagesReconciliation.decide(current, FULL);
    assertThat(drift.differences()).containsExactly(
        "criterion 1 maximum days since deprecated: none, want 0",
        "criterion 2 missing: providers [aws-marketplace], marketplace product codes [abc123], maximum days since created 90,"
            + " maximum days since deprecated 0");

    AllowedImagesSettings stricter = new AllowedImagesSettings("audit-mode",
        List.of(AllowedImagesCriterion.providers("amazon", FACTORY).withMaximumDaysSinceCreated(10)), "account");
    assertThat(((Drift) AllowedImagesReconciliation.decide(stricter, DESIRED)).differences())
        .containsExactly("criterion 1 maximum days since created: 10, want none");
  }

  @Test
  void exactlyMatchedCriteriaAreNotPairedWithOthers() {
    // desired criterion 2 exists exactly; desired criterion 1 is paired with the remaining current one
    AllowedImagesCriterion marketplace = FULL.criteria().get(1);
    AllowedImagesSettings current = new AllowedImagesSettings("enabled", List.of(marketplace,
        AllowedImagesCriterion.providers("amazon").withImageNames("al2023-*").withMaximumDaysSinceCreated(90)
            .withMaximumDaysSinceDeprecated(0)), "account");
    assertThat(((Drift) AllowedImagesReconciliation.decide(current, FULL)).differences())
        .containsExactly("criterion 1 providers: missing 111122223333, 444455556666");
  }

  @Test
  void declarativePolicyMeansNothingToWrite() {
    AllowedImagesSettings matching = new AllowedImagesSettings("audit-mode", DESIRED.criteria(), "declarative-policy");
    assertThat(AllowedImagesReconciliation.decide(matching, DESIRED)).isEqualTo(new ManagedByPolicy(true, List.of()));

    AllowedImagesSettings differing = new AllowedImagesSettings("enabled", List.of(AllowedImagesCriterion.providers("amazon")),
        "declarative-policy");
    assertThat(AllowedImagesReconciliation.decide(differing, DESIRED)).isEqualTo(new ManagedByPolicy(false, List.of(
        "state: enabled, want audit-mode",
        "criterion 1 providers: missing 111122223333")));
  }

  @Test
  void decisionIsASealedTypeToSwitchOver() {
    Decision d = AllowedImagesReconciliation.decide(new AllowedImagesSettings("audit-mode", DESIRED.criteria(), null), DESIRED);
    String action = switch (d) {
      case InSync s -> "none";
      case Drift drift -> "write";
      case ManagedByPolicy p -> "report";
    };
    assertThat(action).isEqualTo("none");
  }

  @Test
  void driftIsSymmetricInWhatItFlags() {
    // property: for random current criteria, InSync iff same state and same criteria set; otherwise flags are exact
    Random random = new Random(11);
    List<String> pool = List.of("amazon", FACTORY, "aws-marketplace", "444455556666");
    for (int round = 0; round < 300; round++) {
      List<AllowedImagesCriterion> criteria = new ArrayList<>();
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        List<String> providers = pool.stream().filter(p -> random.nextBoolean()).toList();
        criteria.add(AllowedImagesCriterion.of(providers.isEmpty() ? List.of("amazon") : providers, null, null, null, null));
      }
      String state = List.of("disabled", "audit-mode", "enabled").get(random.nextInt(3));
      AllowedImagesSettings current = new AllowedImagesSettings(state, criteria, "account");
      Decision d = AllowedImagesReconciliation.decide(current, DESIRED);
      boolean sameState = state.equals("audit-mode");
      boolean sameCriteria = current.sameCriteria(DESIRED.criteria());
      if (sameState && sameCriteria) {
        assertThat(d).isEqualTo(new InSync());
      } else {
        Drift drift = (Drift) d;
        assertThat(drift.stateDiffers()).isEqualTo(!sameState);
        assertThat(drift.criteriaDiffer()).isEqualTo(!sameCriteria);
        assertThat(drift.differences()).isNotEmpty();
        assertThat(drift.differences().stream().anyMatch(s -> s.startsWith("state:"))).isEqualTo(!sameState);
      }
    }
  }
}
