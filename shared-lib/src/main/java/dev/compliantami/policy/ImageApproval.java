package dev.compliantami.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decides whether an instance runs an approved image (launch-auditor's verdict, fleet-report's column). */
public final class ImageApproval {
  private ImageApproval() {}

  /**
   * @param instanceAccountId the account the instance runs in
   * @param instanceTags its tags (exemptions)
   */
  public static ImageVerdict judge(ImageFacts image, String instanceAccountId, Map<String, String> instanceTags, ApprovalPolicy policy, Instant now) {
    List<ImageVerdict.Reason> reasons = reasons(image, instanceAccountId, policy, now);
    String factoryBuild = instanceTags.get(ManagedTags.FACTORY_BUILD);
    Exemption exemption = factoryBuild != null && !factoryBuild.isBlank() && policy.factoryAccountId().equals(instanceAccountId)
        ? new Exemption.FactoryBuild(factoryBuild.strip())
        : Exemptions.evaluate(instanceTags, LocalDate.ofInstant(now, ZoneOffset.UTC), policy.maxExemptionDays());
    ImageVerdict.Outcome outcome;
    if (reasons.isEmpty()) {
      outcome = ImageVerdict.Outcome.COMPLIANT;
    } else if (exemption.exempts()) {
      outcome = ImageVerdict.Outcome.EXEMPT;
    } else {
      outcome = ImageVerdict.Outcome.VIOLATION;
    }
    return new ImageVerdict(outcome, List.copyOf(reasons), exemption);
  }

  static List<ImageVerdict.Reason> reasons(ImageFacts image, String instanceAccountId, ApprovalPolicy policy, Instant now) {
    List<ImageVerdict.Reason> reasons = new ArrayList<>();
    if (!image.exists()) {
      reasons.add(ImageVerdict.Reason.IMAGE_DEREGISTERED);
      return reasons;
    }
    String owner = image.ownerId();
    if (policy.factoryAccountId().equals(owner)) {
      if (image.publication() == ImageFacts.Publication.UNKNOWN || image.publication() == ImageFacts.Publication.BLOCKED) {
        reasons.add(ImageVerdict.Reason.NOT_PUBLISHED);
      }
    } else if (!approvedProvider(image, policy)) {
      reasons.add(owner != null && owner.equals(instanceAccountId)
          ? ImageVerdict.Reason.OWN_ACCOUNT_IMAGE
          : ImageVerdict.Reason.PROVIDER_NOT_APPROVED);
    }
    // The image that "latest" points at right now is compliant however it is tagged elsewhere.
    if (image.publication() != ImageFacts.Publication.CURRENT) {
      if (image.deprecationTime() != null
          && image.deprecationTime().plus(Duration.ofDays(policy.deprecatedGraceDays())).isBefore(now)) {
        reasons.add(ImageVerdict.Reason.IMAGE_DEPRECATED);
      }
      if (image.creationDate() != null && Duration.between(image.creationDate(), now).toDays() > policy.maxImageAgeDays()) {
        reasons.add(ImageVerdict.Reason.IMAGE_TOO_OLD);
      }
    }
    return reasons;
  }

  private static boolean approvedProvider(ImageFacts image, ApprovalPolicy policy) {
    return (image.ownerId() != null && policy.approvedProviders().contains(image.ownerId()))
        || (image.ownerAlias() != null && policy.approvedProviders().contains(image.ownerAlias()));
  }
}
