package dev.compliantami.allowedamis;

import dev.compliantami.fleet.Target;
import dev.compliantami.policy.AllowedImagesCriterion;
import dev.compliantami.policy.AllowedImagesDesired;
import dev.compliantami.policy.AllowedImagesImpact;
import dev.compliantami.policy.AllowedImagesReconciliation;
import dev.compliantami.policy.AllowedImagesReconciliation.Decision;
import dev.compliantami.policy.AllowedImagesSettings;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GetAllowedImagesSettingsResponse;
import software.amazon.awssdk.services.ec2.model.ImageCriterion;
import software.amazon.awssdk.services.ec2.model.ImageCriterionRequest;
import software.amazon.awssdk.services.ec2.model.ImageMetadata;

/**
 * One account and region: read the setting, compare it to the desired one, replace criteria and state when
 * they differ (enforce), read again to verify, and preview what {@code enabled} would block. A
 * declarative-policy-managed setting is only compared, never written.
 */
final class TargetReconciler {
  private final AllowedImagesDesired desired;
  private final boolean dryRun;

  TargetReconciler(AllowedImagesDesired desired, boolean dryRun) {
    this.desired = desired;
    this.dryRun = dryRun;
  }

  TargetOutcome reconcile(Target target, Ec2Client ec2) {
    AllowedImagesSettings before = read(ec2);
    List<String> wouldBlock = impact(target, ec2);
    Decision decision = AllowedImagesReconciliation.decide(before, desired);
    return switch (decision) {
      case AllowedImagesReconciliation.InSync in ->
          outcome(target, "IN_SYNC", before, before, List.of(), wouldBlock, null);
      case AllowedImagesReconciliation.ManagedByPolicy p ->
          outcome(target, "POLICY_MANAGED", before, before, p.differences(), wouldBlock,
              p.policyMatches() ? "the declarative policy matches the desired setting" : "the declarative policy differs: change it at the organization, not here");
      case AllowedImagesReconciliation.Drift d -> dryRun
          ? outcome(target, "WOULD_CHANGE", before, before, d.differences(), wouldBlock, null)
          : repair(target, ec2, before, d, wouldBlock);
    };
  }

  private TargetOutcome repair(Target target, Ec2Client ec2, AllowedImagesSettings before, AllowedImagesReconciliation.Drift d, List<String> wouldBlock) {
    if (d.criteriaDiffer()) {
      ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(desired.criteria().stream().map(TargetReconciler::request).toList()));
    }
    if (d.stateDiffers()) {
      ec2.enableAllowedImagesSettings(r -> r.allowedImagesSettingsState(desired.state()));
    }
    AllowedImagesSettings after = read(ec2);
    boolean verified = AllowedImagesReconciliation.decide(after, desired) instanceof AllowedImagesReconciliation.InSync;
    return outcome(target, verified ? "CHANGED" : "VERIFY_FAILED", before, after, d.differences(), wouldBlock,
        verified ? null : "read back after the change still differs: " + String.join("; ", AllowedImagesReconciliation.differences(after, desired.settings())));
  }

  private static AllowedImagesSettings read(Ec2Client ec2) {
    GetAllowedImagesSettingsResponse r = ec2.getAllowedImagesSettings(b -> {});
    return new AllowedImagesSettings(r.state(), r.imageCriteria().stream().map(TargetReconciler::criterion).toList(), r.managedByAsString());
  }

  /** Running instances whose image the desired criteria would not allow; batched 1,000 per call. */
  private List<String> impact(Target target, Ec2Client ec2) {
    List<AllowedImagesImpact.InstanceImage> running = ec2
        .describeInstanceImageMetadataPaginator(r -> r.maxResults(1000).filters(f -> f.name("instance-state-name").values("running")))
        .instanceImageMetadata().stream()
        .map(i -> {
          ImageMetadata m = i.imageMetadata();
          return m == null
              ? new AllowedImagesImpact.InstanceImage(i.instanceId(), null, null, null, null, null, null)
              : new AllowedImagesImpact.InstanceImage(i.instanceId(), m.imageId(), m.name(), m.ownerId(), m.imageOwnerAlias(),
                  instant(m.creationDate()), instant(m.deprecationTime()));
        })
        .toList();
    return AllowedImagesImpact.disallowed(desired.criteria(), target.accountId(), running, Instant.now()).stream()
        .map(x -> x.instance().instanceId() + " (" + x.instance().imageId() + "): " + x.reason())
        .toList();
  }

  private static AllowedImagesCriterion criterion(ImageCriterion c) {
    return AllowedImagesCriterion.of(c.imageProviders(), c.imageNames(), c.marketplaceProductCodes(),
        c.creationDateCondition() == null ? null : c.creationDateCondition().maximumDaysSinceCreated(),
        c.deprecationTimeCondition() == null ? null : c.deprecationTimeCondition().maximumDaysSinceDeprecated());
  }

  private static ImageCriterionRequest request(AllowedImagesCriterion c) {
    ImageCriterionRequest.Builder b = ImageCriterionRequest.builder().imageProviders(c.imageProviders());
    if (!c.imageNames().isEmpty()) {
      b.imageNames(c.imageNames());
    }
    if (!c.marketplaceProductCodes().isEmpty()) {
      b.marketplaceProductCodes(c.marketplaceProductCodes());
    }
    if (c.maximumDaysSinceCreated() != null) {
      b.creationDateCondition(x -> x.maximumDaysSinceCreated(c.maximumDaysSinceCreated()));
    }
    if (c.maximumDaysSinceDeprecated() != null) {
      b.deprecationTimeCondition(x -> x.maximumDaysSinceDeprecated(c.maximumDaysSinceDeprecated()));
    }
    return b.build();
  }

  private static TargetOutcome outcome(Target t, String action, AllowedImagesSettings before, AllowedImagesSettings after,
      List<String> differences, List<String> wouldBlock, String detail) {
    return new TargetOutcome(t.accountId(), t.region(), action, before.state(), after.state(), before.managedBy(), differences, wouldBlock, detail);
  }

  private static Instant instant(String iso) {
    return iso == null ? null : Instant.parse(iso);
  }
}
