package dev.compliantami.publisher;

import dev.compliantami.aws.AwsErrors;
import dev.compliantami.policy.KeyPolicies;
import dev.compliantami.policy.ManagedTags;
import dev.compliantami.policy.PublishGate;
import dev.compliantami.policy.Supersession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;

/**
 * The factory account's AMIs in one region: read, share, tag, deprecate. Every change is preceded by a
 * read of the current state, so a redelivered event changes nothing twice; in dry-run nothing changes.
 */
final class RegionalAmis {
  static final String SUPERSEDED_BY = ManagedTags.PREFIX + "superseded-by";
  private final String region;
  private final Ec2Client ec2;
  private final KmsClient kms;
  private final boolean dryRun;

  RegionalAmis(String region, Ec2Client ec2, KmsClient kms, boolean dryRun) {
    this.region = region;
    this.ec2 = ec2;
    this.kms = kms;
    this.dryRun = dryRun;
  }

  /** An AMI as found, with its snapshots, current tags and creation time (null state when it does not exist). */
  record Found(PublishGate.AmiFacts facts, List<String> snapshotIds, Map<String, String> tags, Instant created) {}

  Found inspect(String imageId, String organizationId) {
    List<Image> images;
    try {
      images = ec2.describeImages(r -> r.imageIds(imageId)).images();
    } catch (Ec2Exception e) {
      if (!AwsErrors.code(e).startsWith("InvalidAMIID")) {
        throw e;
      }
      images = List.of(); // InvalidAMIID.NotFound: the AMI is gone (or never was)
    }
    if (images.isEmpty()) {
      return new Found(new PublishGate.AmiFacts(region, imageId, null, List.of()), List.of(), Map.of(), null);
    }
    Image image = images.get(0);
    List<String> snapshots = image.blockDeviceMappings().stream()
        .map(BlockDeviceMapping::ebs).filter(e -> e != null && e.snapshotId() != null).map(e -> e.snapshotId()).toList();
    List<PublishGate.KeyFacts> keys = new ArrayList<>();
    if (!snapshots.isEmpty()) {
      for (Snapshot s : ec2.describeSnapshots(r -> r.snapshotIds(snapshots)).snapshots()) {
        if (Boolean.TRUE.equals(s.encrypted())) {
          keys.add(s.kmsKeyId() == null
              ? new PublishGate.KeyFacts("(not reported for " + s.snapshotId() + ")", false, false)
              : key(s.kmsKeyId(), organizationId));
        }
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    image.tags().forEach(t -> tags.put(t.key(), t.value()));
    return new Found(new PublishGate.AmiFacts(region, imageId, image.stateAsString(), List.copyOf(keys)), snapshots, tags, instant(image.creationDate()));
  }

  private PublishGate.KeyFacts key(String keyId, String organizationId) {
    boolean customer = kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyManager() == KeyManagerType.CUSTOMER;
    boolean orgMayUse = organizationId == null // nothing is shared: no one else needs the key
        || customer && KeyPolicies.allowsOrganization(kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy(), organizationId);
    return new PublishGate.KeyFacts(keyId, customer, orgMayUse);
  }

  /** Adds the launch permissions the AMI lacks; returns what was (or would be) added. */
  List<String> share(String imageId, List<String> organizationArns, List<String> ouArns) {
    List<LaunchPermission> current = ec2.describeImageAttribute(r -> r.imageId(imageId).attribute("launchPermission")).launchPermissions();
    List<LaunchPermission> missing = new ArrayList<>();
    for (String org : organizationArns) {
      if (current.stream().noneMatch(p -> org.equals(p.organizationArn()))) {
        missing.add(LaunchPermission.builder().organizationArn(org).build());
      }
    }
    for (String ou : ouArns) {
      if (current.stream().noneMatch(p -> ou.equals(p.organizationalUnitArn()))) {
        missing.add(LaunchPermission.builder().organizationalUnitArn(ou).build());
      }
    }
    if (!missing.isEmpty() && !dryRun) {
      ec2.modifyImageAttribute(r -> r.imageId(imageId).launchPermission(lp -> lp.add(missing)));
    }
    return missing.stream().map(p -> p.organizationArn() != null ? p.organizationArn() : p.organizationalUnitArn()).toList();
  }

  /** Sets the tags whose value differs on the AMI and its snapshots; returns the keys set (or that would be). */
  List<String> tag(Found ami, Map<String, String> wanted) {
    List<Tag> changed = wanted.entrySet().stream()
        .filter(e -> !e.getValue().equals(ami.tags().get(e.getKey())))
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
    if (!changed.isEmpty() && !dryRun) {
      List<String> resources = new ArrayList<>(List.of(ami.facts().imageId()));
      resources.addAll(ami.snapshotIds());
      ec2.createTags(r -> r.resources(resources).tags(changed));
    }
    return changed.stream().map(Tag::key).toList();
  }

  /** The factory account's managed AMIs of {@code baseline} in this region, deprecated ones included. */
  List<Supersession.BaselineAmi> baselineAmis(String baseline) {
    return ec2.describeImagesPaginator(r -> r.owners("self").includeDeprecated(true)
            .filters(f -> f.name("tag:" + ManagedTags.BASELINE).values(baseline), f -> f.name("tag:" + ManagedTags.MANAGED).values("true")))
        .images().stream()
        .map(i -> new Supersession.BaselineAmi(i.imageId(), instant(i.creationDate()), instant(i.deprecationTime()),
            i.tags().stream().filter(t -> t.key().equals(SUPERSEDED_BY)).map(Tag::value).findFirst().orElse(null)))
        .toList();
  }

  /**
   * Deprecates earlier AMIs of the baseline at {@code at} and tags them {@code compliant-ami:superseded-by}
   * (so a redelivery finds them done); returns their ids.
   */
  List<String> deprecateSuperseded(List<Supersession.BaselineAmi> same, String supersededBy, Set<String> newIds, Instant newest, Instant at) {
    List<String> ids = Supersession.toDeprecate(same, newIds, newest, at).stream().map(Supersession.BaselineAmi::imageId).toList();
    if (!dryRun) {
      for (String id : ids) {
        ec2.enableImageDeprecation(r -> r.imageId(id).deprecateAt(at));
        ec2.createTags(r -> r.resources(id).tags(Tag.builder().key(SUPERSEDED_BY).value(supersededBy).build()));
      }
    }
    return ids;
  }

  private static Instant instant(String iso) {
    return iso == null ? null : Instant.parse(iso);
  }
}
