package dev.compliantami.report;

import dev.compliantami.policy.ApprovalPolicy;
import dev.compliantami.policy.Exemption;
import dev.compliantami.policy.ImageApproval;
import dev.compliantami.policy.ImageFacts;
import dev.compliantami.policy.ImageVerdict;
import dev.compliantami.policy.InstanceAge;
import dev.compliantami.policy.ManagedTags;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One instance with everything the shared policy says about it (pure, recomputed on demand so the report never
 * holds a second 100,000-element list).
 *
 * @param imageAgeDays null when the image's creation date is unknown
 */
record JudgedRow(InstanceRow row, ImageVerdict verdict, ImageFacts.Publication publication, ImageClassification.Provider provider,
    ImageClassification.Os os, long ageDays, long daysUntilMaxAge, boolean overMaxAge, boolean nearMaxAge, Long imageAgeDays) {

  /** The rules a fleet is judged by, and the moment it is judged at. */
  record Judge(ApprovalPolicy approval, int maxInstanceAgeDays, int warnDaysBefore, Instant now, Map<String, String> factoryGates) {

    JudgedRow judge(InstanceRow r) {
      ImageInfo image = r.image();
      ImageFacts.Publication publication = publication(r);
      ImageFacts facts = image.exists()
          ? new ImageFacts(image.imageId(), true, image.ownerId(), image.ownerAlias(), image.creationDate(), image.deprecationTime(), publication)
          : ImageFacts.missing(image.imageId());
      Map<String, String> tags = new HashMap<>(2);
      if (r.exemptUntil() != null) {
        tags.put(ManagedTags.EXEMPT_UNTIL, r.exemptUntil());
      }
      if (r.exemptReason() != null) {
        tags.put(ManagedTags.EXEMPT_REASON, r.exemptReason());
      }
      ImageVerdict verdict = ImageApproval.judge(facts, r.accountId(), tags, approval, now);
      // The row already holds the first launch by the shared definition (its basis is in the row).
      InstanceAge age = InstanceAge.of(r.firstLaunch(), null, null, now);
      Long imageAge = image.creationDate() == null ? null : Math.max(0, Duration.between(image.creationDate(), now).toDays());
      return new JudgedRow(r, verdict, publication,
          ImageClassification.provider(image.ownerId(), image.ownerAlias(), r.accountId(), approval.factoryAccountId()),
          ImageClassification.os(image.name(), r.platformDetails() != null ? r.platformDetails() : image.platformDetails()),
          age.days(), age.daysUntilOver(maxInstanceAgeDays), age.isOver(maxInstanceAgeDays),
          age.isNearing(maxInstanceAgeDays, warnDaysBefore, now), imageAge);
    }

    /**
     * CURRENT when the image is a {@code /compliant-ami/latest/*} value where the instance runs; else, for a factory
     * image, the factory's gate tag (seen in the account/region read, or looked up in the factory account).
     */
    ImageFacts.Publication publication(InstanceRow r) {
      if (r.currentImage()) {
        return ImageFacts.Publication.CURRENT;
      }
      ImageInfo image = r.image();
      if (!approval.factoryAccountId().equals(image.ownerId())) {
        return ImageFacts.Publication.UNKNOWN;
      }
      String gate = image.gate() != null ? image.gate() : factoryGates.get(image.imageId());
      return switch (gate == null ? "" : gate) {
        case "passed" -> ImageFacts.Publication.PUBLISHED;
        case "failed" -> ImageFacts.Publication.BLOCKED;
        default -> ImageFacts.Publication.UNKNOWN;
      };
    }
  }

  String exemptionStatus() {
    return switch (verdict.exemption()) {
      case Exemption.None n -> "";
      case Exemption.Valid v -> "valid";
      case Exemption.FactoryBuild f -> "factory-build";
      case Exemption.Broken b -> b.problem().code();
    };
  }
}
