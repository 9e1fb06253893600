package dev.compliantami.policy;

import static dev.compliantami.policy.ImageVerdict.Reason.IMAGE_DEPRECATED;
import static dev.compliantami.policy.ImageVerdict.Reason.IMAGE_DEREGISTERED;
import static dev.compliantami.policy.ImageVerdict.Reason.IMAGE_TOO_OLD;
import static dev.compliantami.policy.ImageVerdict.Reason.NOT_PUBLISHED;
import static dev.compliantami.policy.ImageVerdict.Reason.OWN_ACCOUNT_IMAGE;
import static dev.compliantami.policy.ImageVerdict.Reason.PROVIDER_NOT_APPROVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.policy.ImageFacts.Publication;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageApprovalTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final String FACTORY = "111111111111";
  private static final String MEMBER = "222222222222";
  private static final ApprovalPolicy ONLY_FACTORY = new ApprovalPolicy(FACTORY, Set.of(), 90, 7, 90);
  private static final ApprovalPolicy WITH_AMAZON = new ApprovalPolicy(FACTORY, Set.of("amazon"), 90, 7, 90);

  private static ImageFacts image(String owner, String alias, int ageDays, Instant deprecated, Publication publication) {
    return new ImageFacts("ami-1", true, owner, alias, NOW.minus(Duration.ofDays(ageDays)), deprecated, publication);
  }

  private static ImageVerdict judge(ImageFacts image, ApprovalPolicy policy) {
    return ImageApproval.judge(image, MEMBER, Map.of(), policy, NOW);
  }

  @Test
  void aPublishedFactoryImageIsCompliant() {
    assertThat(judge(image(FACTORY, null, 10, null, Publication.CURRENT), ONLY_FACTORY).outcome()).isEqualTo(ImageVerdict.Outcome.COMPLIANT);
    ImageVerdict earlier = judge(image(FACTORY, null, 40, null, Publication.PUBLISHED), ONLY_FACTORY);
    assertThat(earlier.compliant()).isTrue();
    assertThat(earlier.codes()).isEmpty();
  }

  @Test
  void aFactoryImageThatWasNeverPublishedOrWasBlockedIsNot() {
    assertThat(judge(image(FACTORY, null, 1, null, Publication.UNKNOWN), ONLY_FACTORY).reasons()).containsExactly(NOT_PUBLISHED);
    assertThat(judge(image(FACTORY, null, 1, null, Publication.BLOCKED), ONLY_FACTORY).reasons()).containsExactly(NOT_PUBLISHED);
  }

  @Test
  void providersOutsideTheFactoryAreJudgedByTheApprovedList() {
    ImageFacts amazon = image("137112412989", "amazon", 5, null, Publication.UNKNOWN);
    assertThat(judge(amazon, ONLY_FACTORY).reasons()).containsExactly(PROVIDER_NOT_APPROVED);
    assertThat(judge(amazon, WITH_AMAZON).compliant()).isTrue();
    ImageFacts vendor = image("679593333241", "aws-marketplace", 5, null, Publication.UNKNOWN);
    assertThat(judge(vendor, WITH_AMAZON).reasons()).containsExactly(PROVIDER_NOT_APPROVED);
    ApprovalPolicy vendorAccount = new ApprovalPolicy(FACTORY, Set.of("679593333241"), 90, 7, 90);
    assertThat(judge(vendor, vendorAccount).compliant()).isTrue();
  }

  @Test
  void theMembersOwnImageHasItsOwnReason() {
    assertThat(judge(image(MEMBER, null, 5, null, Publication.UNKNOWN), WITH_AMAZON).reasons()).containsExactly(OWN_ACCOUNT_IMAGE);
  }

  @Test
  void aDeregisteredImageIsItsOwnReasonAndNothingElse() {
    assertThat(judge(ImageFacts.missing("ami-gone"), WITH_AMAZON).reasons()).containsExactly(IMAGE_DEREGISTERED);
  }

  @Test
  void deprecationCountsOnlyPastTheGraceWindow() {
    ImageFacts justDeprecated = image(FACTORY, null, 20, NOW.minus(Duration.ofDays(3)), Publication.PUBLISHED);
    assertThat(judge(justDeprecated, ONLY_FACTORY).compliant()).isTrue();
    ImageFacts longDeprecated = image(FACTORY, null, 20, NOW.minus(Duration.ofDays(8)), Publication.PUBLISHED);
    assertThat(judge(longDeprecated, ONLY_FACTORY).reasons()).containsExactly(IMAGE_DEPRECATED);
    ImageFacts deprecatedLater = image(FACTORY, null, 20, NOW.plus(Duration.ofDays(8)), Publication.PUBLISHED);
    assertThat(judge(deprecatedLater, ONLY_FACTORY).compliant()).isTrue();
  }

  @Test
  void imageAgeIsCheckedAndReasonsAccumulate() {
    assertThat(judge(image(FACTORY, null, 91, null, Publication.PUBLISHED), ONLY_FACTORY).reasons()).containsExactly(IMAGE_TOO_OLD);
    assertThat(judge(image(FACTORY, null, 90, null, Publication.PUBLISHED), ONLY_FACTORY).compliant()).isTrue();
    ImageFacts oldVendor = image("679593333241", null, 400, NOW.minus(Duration.ofDays(100)), Publication.UNKNOWN);
    assertThat(judge(oldVendor, ONLY_FACTORY).reasons()).containsExactly(PROVIDER_NOT_APPROVED, IMAGE_DEPRECATED, IMAGE_TOO_OLD);
  }

  @Test
  void theCurrentLatestImageIsNeverTooOldOrDeprecated() {
    ImageFacts current = image(FACTORY, null, 400, NOW.minus(Duration.ofDays(30)), Publication.CURRENT);
    assertThat(judge(current, ONLY_FACTORY).compliant()).isTrue();
  }

  @Test
  void aValidExemptionTurnsAViolationIntoExemptAndABrokenOneIsReported() {
    ImageFacts vendor = image("679593333241", null, 5, null, Publication.UNKNOWN);
    Map<String, String> valid = Map.of(ManagedTags.EXEMPT_UNTIL, "2027-01-01", ManagedTags.EXEMPT_REASON, "CHG-1 appliance");
    ImageVerdict exempt = ImageApproval.judge(vendor, MEMBER, valid, ONLY_FACTORY, NOW);
    assertThat(exempt.outcome()).isEqualTo(ImageVerdict.Outcome.EXEMPT);
    assertThat(exempt.codes()).containsExactly("PROVIDER_NOT_APPROVED");

    Map<String, String> expired = Map.of(ManagedTags.EXEMPT_UNTIL, "2026-11-01", ManagedTags.EXEMPT_REASON, "old");
    ImageVerdict violation = ImageApproval.judge(vendor, MEMBER, expired, ONLY_FACTORY, NOW);
    assertThat(violation.violation()).isTrue();
    assertThat(violation.codes()).containsExactly("PROVIDER_NOT_APPROVED", "EXEMPTION_EXPIRED");

    ImageVerdict compliantButBrokenTag = ImageApproval.judge(image(FACTORY, null, 1, null, Publication.CURRENT), MEMBER, expired, ONLY_FACTORY, NOW);
    assertThat(compliantButBrokenTag.compliant()).isTrue();
    assertThat(compliantButBrokenTag.codes()).containsExactly("EXEMPTION_EXPIRED");
  }

  @Test
  void theFactorysOwnBuildInstancesAreExemptOnlyInTheFactoryAccount() {
    ImageFacts base = image("137112412989", "amazon", 5, null, Publication.UNKNOWN);
    Map<String, String> build = Map.of(ManagedTags.FACTORY_BUILD, "al2023-stig-high");
    ImageVerdict inFactory = ImageApproval.judge(base, FACTORY, build, ONLY_FACTORY, NOW);
    assertThat(inFactory.outcome()).isEqualTo(ImageVerdict.Outcome.EXEMPT);
    assertThat(inFactory.exemption()).isEqualTo(new Exemption.FactoryBuild("al2023-stig-high"));
    assertThat(ImageApproval.judge(base, MEMBER, build, ONLY_FACTORY, NOW).violation()).as("the tag means nothing elsewhere").isTrue();
  }

  @Test
  void thePolicyRejectsNonsense() {
    assertThatThrownBy(() -> new ApprovalPolicy("factory", Set.of(), 90, 7, 90)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ApprovalPolicy(FACTORY, Set.of(), 0, 7, 90)).isInstanceOf(IllegalArgumentException.class);
  }
}
