package dev.compliantami.report;

import dev.compliantami.fleet.Target;
import dev.compliantami.policy.InstanceAge;
import dev.compliantami.policy.ManagedTags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.EbsInstanceBlockDevice;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageMetadata;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceImageMetadata;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Reads one account/region with a fixed number of calls per page or batch, never one per instance:
 * {@code DescribeInstances} (1,000 per page), {@code DescribeImages} for the distinct image ids (200 per call),
 * {@code DescribeInstanceImageMetadata} only for images DescribeImages did not return, {@code DescribeSecurityGroups}
 * for the distinct group ids (200 per call), {@code DescribeInstanceInformation} (50 per page, the API's maximum)
 * and one {@code GetParametersByPath} walk of {@code /compliant-ami/latest}.
 */
final class TargetReader {
  static final int INSTANCE_PAGE = 1000;
  static final int IMAGE_BATCH = 200;
  static final int GROUP_BATCH = 200;
  static final int METADATA_BATCH = 200;
  static final String LATEST_PATH = "/compliant-ami/latest";
  static final String GATE_TAG = ManagedTags.PREFIX + "gate";

  /** The instance as read from its page, before image, Systems Manager and security-group facts are known. */
  private record Pending(String instanceId, String name, String state, String asg, Instant launchTime, Instant firstLaunch,
      String ageBasis, String instanceType, String platformDetails, String exemptUntil, String exemptReason, String imageId,
      String[] groupIds) {}

  /** The rows of one account/region and the image ids owned by the factory whose gate tag was not visible here. */
  record Inventory(Target target, List<InstanceRow> rows) {}

  Inventory read(Target target, Ec2Client ec2, SsmClient ssm, Instant now) {
    List<Pending> pending = new ArrayList<>();
    Map<String, String> firstInstanceOfImage = new HashMap<>();
    Set<String> groupIds = new LinkedHashSet<>();
    for (var page : ec2.describeInstancesPaginator(r -> r.maxResults(INSTANCE_PAGE))) {
      for (Reservation reservation : page.reservations()) {
        for (Instance i : reservation.instances()) {
          String state = i.state() == null ? "unknown" : i.state().nameAsString();
          if (state.equals("terminated") || state.equals("shutting-down")) {
            continue;
          }
          Pending p = pending(i, now);
          pending.add(p);
          if (p.imageId() != null) {
            firstInstanceOfImage.putIfAbsent(p.imageId(), p.instanceId());
          }
          groupIds.addAll(List.of(p.groupIds()));
        }
      }
    }
    if (pending.isEmpty()) {
      return new Inventory(target, List.of());
    }
    Map<String, ImageInfo> images = images(ec2, firstInstanceOfImage);
    Set<String> bastionGroups = bastionGroups(ec2, groupIds);
    Set<String> managed = ssmManaged(ssm);
    Set<String> current = currentImages(ssm);
    List<InstanceRow> rows = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      boolean bastion = false;
      for (String g : p.groupIds()) {
        bastion |= bastionGroups.contains(g);
      }
      ImageInfo image = p.imageId() == null ? ImageInfo.missing("unknown") : images.get(p.imageId());
      rows.add(new InstanceRow(target.accountId(), target.region(), p.instanceId(), p.name(), p.state(), p.asg(),
          p.launchTime(), p.firstLaunch(), p.ageBasis(), p.instanceType(), p.platformDetails(), p.exemptUntil(),
          p.exemptReason(), managed.contains(p.instanceId()), bastion, current.contains(p.imageId()), image));
    }
    return new Inventory(target, List.copyOf(rows));
  }

  private static Pending pending(Instance i, Instant now) {
    String name = null;
    String asg = null;
    String until = null;
    String reason = null;
    for (Tag t : i.tags()) {
      switch (t.key()) {
        case "Name" -> name = t.value();
        case "aws:autoscaling:groupName" -> asg = t.value();
        case ManagedTags.EXEMPT_UNTIL -> until = t.value();
        case ManagedTags.EXEMPT_REASON -> reason = t.value();
        default -> { }
      }
    }
    Instant eni = null;
    for (InstanceNetworkInterface n : i.networkInterfaces()) {
      if (n.attachment() != null && Integer.valueOf(0).equals(n.attachment().deviceIndex())) {
        eni = n.attachment().attachTime();
      }
    }
    Instant root = null;
    for (InstanceBlockDeviceMapping m : i.blockDeviceMappings()) {
      EbsInstanceBlockDevice ebs = m.ebs();
      if (ebs != null && m.deviceName() != null && m.deviceName().equals(i.rootDeviceName())) {
        root = ebs.attachTime();
      }
    }
    Instant launch = i.launchTime() == null ? now : i.launchTime();
    InstanceAge age = InstanceAge.of(launch, eni, root, now);
    String[] groups = i.securityGroups().stream().map(GroupIdentifier::groupId).toArray(String[]::new);
    return new Pending(i.instanceId(), name, i.state() == null ? "unknown" : i.state().nameAsString(), asg, launch,
        age.since(), age.basis().code(), i.instanceTypeAsString(), i.platformDetails(), until, reason, i.imageId(), groups);
  }

  /** DescribeImages by id filter (no NotFound error for gone ids), then metadata for what it did not return. */
  private static Map<String, ImageInfo> images(Ec2Client ec2, Map<String, String> firstInstanceOfImage) {
    Map<String, ImageInfo> found = new HashMap<>();
    List<String> ids = List.copyOf(firstInstanceOfImage.keySet());
    for (int start = 0; start < ids.size(); start += IMAGE_BATCH) {
      List<String> batch = ids.subList(start, Math.min(ids.size(), start + IMAGE_BATCH));
      for (Image image : ec2.describeImagesPaginator(r -> r.includeDeprecated(true)
          .filters(f -> f.name("image-id").values(batch))).images()) {
        found.put(image.imageId(), info(image));
      }
    }
    List<String> missingInstances = new ArrayList<>();
    Map<String, String> imageOfInstance = new HashMap<>();
    firstInstanceOfImage.forEach((image, instance) -> {
      if (!found.containsKey(image)) {
        missingInstances.add(instance);
        imageOfInstance.put(instance, image);
      }
    });
    for (int start = 0; start < missingInstances.size(); start += METADATA_BATCH) {
      List<String> batch = missingInstances.subList(start, Math.min(missingInstances.size(), start + METADATA_BATCH));
      for (InstanceImageMetadata m : ec2.describeInstanceImageMetadataPaginator(r -> r.instanceIds(batch).maxResults(1000))
          .instanceImageMetadata()) {
        String imageId = imageOfInstance.get(m.instanceId());
        if (imageId != null) {
          found.put(imageId, info(imageId, m.imageMetadata()));
        }
      }
    }
    for (String id : ids) {
      found.putIfAbsent(id, ImageInfo.missing(id));
    }
    return found;
  }

  private static ImageInfo info(Image i) {
    String gate = null;
    for (Tag t : i.tags()) {
      if (t.key().equals(GATE_TAG)) {
        gate = t.value();
      }
    }
    return new ImageInfo(i.imageId(), true, i.name(), i.ownerId(), i.imageOwnerAlias(), instant(i.creationDate()),
        instant(i.deprecationTime()), i.platformDetails(), gate, "describe-images");
  }

  private static ImageInfo info(String imageId, ImageMetadata m) {
    if (m == null || m.imageId() == null || "deregistered".equals(m.stateAsString())) {
      return ImageInfo.missing(imageId);
    }
    return new ImageInfo(imageId, true, m.name(), m.ownerId(), m.imageOwnerAlias(), instant(m.creationDate()),
        instant(m.deprecationTime()), null, null, "instance-image-metadata");
  }

  private static Set<String> bastionGroups(Ec2Client ec2, Set<String> groupIds) {
    Set<String> open = new HashSet<>();
    List<String> ids = List.copyOf(groupIds);
    for (int start = 0; start < ids.size(); start += GROUP_BATCH) {
      List<String> batch = ids.subList(start, Math.min(ids.size(), start + GROUP_BATCH));
      for (SecurityGroup g : ec2.describeSecurityGroupsPaginator(r -> r.filters(f -> f.name("group-id").values(batch)))
          .securityGroups()) {
        for (IpPermission p : g.ipPermissions()) {
          Exposure.Rule rule = new Exposure.Rule(p.ipProtocol(), p.fromPort(), p.toPort(),
              p.ipRanges().stream().map(IpRange::cidrIp).toList(), p.ipv6Ranges().stream().map(Ipv6Range::cidrIpv6).toList());
          if (Exposure.adminPortOpenToWorld(rule)) {
            open.add(g.groupId());
          }
        }
      }
    }
    return open;
  }

  private static Set<String> ssmManaged(SsmClient ssm) {
    Set<String> ids = new HashSet<>();
    ssm.describeInstanceInformationPaginator(r -> r.maxResults(50)).instanceInformationList()
        .forEach(i -> ids.add(i.instanceId()));
    return ids;
  }

  private static Set<String> currentImages(SsmClient ssm) {
    Set<String> ids = new HashSet<>();
    for (var page : ssm.getParametersByPathPaginator(r -> r.path(LATEST_PATH).recursive(true).maxResults(10))) {
      for (Parameter p : page.parameters()) {
        ids.add(p.value());
      }
    }
    return ids;
  }

  private static Instant instant(String iso) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(iso);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
