package dev.compliantami.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The emulated organization of the full-loop try: the factory (central) account, three member accounts and two
 * regions, seeded straight into moto. Per member and region: an Auto Scaling group on the factory's previous
 * compliant AMI (one member over age), a vendor-image instance over age, a build box on the member's own AMI, an
 * exempt appliance, one whose exemption expired, and one nearing the maximum age. Instance ages are served by
 * {@link FleetAwsStub} (moto cannot backdate launches) and image metadata by {@link Ec2AllowedImagesStub}.
 */
final class DemoOrganization implements AutoCloseable {
  static final String FACTORY = LocalAws.ACCOUNT;
  static final List<String> MEMBERS = List.of("111111111111", "222222222222", "333333333333");
  static final List<String> REGIONS = List.of("us-east-1", "us-west-2");
  /** A marketplace-like vendor whose public AMIs the members use. */
  static final String VENDOR = "679593333241";
  static final String ROLE = "compliant-ami-member";
  static final String BASELINE = Sandbox.FACTORY_BASELINE;

  private final Ec2AllowedImagesStub metadata;
  private final FleetAwsStub fleet;
  private final Instant now = Instant.now();
  private final EmulatedAccounts accounts;
  /** region → the factory's previous compliant AMI (what /compliant-ami/latest pointed at before this try) */
  final Map<String, String> previousFactoryAmi = new LinkedHashMap<>();
  final Map<String, String> vendorAmi = new LinkedHashMap<>();
  final Map<String, String> amazonAmi = new LinkedHashMap<>();
  /** "account/region" → the member's own AMI */
  final Map<String, String> ownAmi = new LinkedHashMap<>();
  final List<String> seeded = new ArrayList<>();

  DemoOrganization(MotoServer moto, Ec2AllowedImagesStub metadata, FleetAwsStub fleet) {
    this.accounts = new EmulatedAccounts(moto, FACTORY, ROLE);
    this.metadata = metadata;
    this.fleet = fleet;
  }

  /** The environment the fleet functions get: the boundary is the factory account and the three members, in both regions. */
  Map<String, String> environment() {
    return Map.of(
        "BOUNDARY_ACCOUNT_IDS", FACTORY + "," + String.join(",", MEMBERS),
        "BOUNDARY_REGIONS", String.join(",", REGIONS),
        "MEMBER_ROLE_NAME", ROLE,
        "FLEET_REQUESTS_PER_SECOND", "50",
        "AWS_ENDPOINT_URL_EC2", fleet.endpoint(),
        "AWS_ENDPOINT_URL_STS", fleet.endpoint(),
        "AWS_ENDPOINT_URL_AUTO_SCALING", fleet.endpoint(),
        "AWS_ENDPOINT_URL_SSM", fleet.endpoint());
  }

  void seed() {
    for (String region : REGIONS) {
      amazonAmi.put(region, accounts.ec2(FACTORY, region).describeImages(r -> r.owners("amazon").maxResults(5)).images().get(0).imageId());
      String vendor = register(VENDOR, region, "vendor-hardened-appliance-4.2");
      accounts.ec2(VENDOR, region).modifyImageAttribute(r -> r.imageId(vendor).launchPermission(p -> p.add(a -> a.group("all"))));
      vendorAmi.put(region, vendor);
      String previous = register(FACTORY, region, BASELINE + "-1.0.0-6");
      accounts.ec2(FACTORY, region).createTags(r -> r.resources(previous).tags(tags(Map.of("compliant-ami:managed", "true",
          "compliant-ami:baseline", BASELINE, "compliant-ami:gate", "passed"))));
      accounts.ec2(FACTORY, region).modifyImageAttribute(r -> r.imageId(previous).launchPermission(p -> p.add(
          MEMBERS.stream().map(m -> software.amazon.awssdk.services.ec2.model.LaunchPermission.builder().userId(m).build()).toList())));
      previousFactoryAmi.put(region, previous);
      for (String member : MEMBERS) {
        seedMember(member, region);
      }
    }
  }

  private void seedMember(String account, String region) {
    // what ami-publisher wrote when it published the previous build
    accounts.ssm(account, region).putParameter(r -> r.name("/compliant-ami/latest/" + BASELINE).value(previousFactoryAmi.get(region))
        .type(ParameterType.STRING).overwrite(true));
    String own = register(account, region, "team-golden-" + account.substring(0, 4));
    ownAmi.put(account + "/" + region, own);

    String group = "web-" + account.substring(0, 4) + "-" + region;
    String lt = group + "-lt";
    accounts.ec2(account, region).createLaunchTemplate(r -> r.launchTemplateName(lt)
        .launchTemplateData(d -> d.imageId(previousFactoryAmi.get(region)).instanceType("t3.micro")));
    accounts.autoScaling(account, region).createAutoScalingGroup(r -> r.autoScalingGroupName(group)
        .launchTemplate(t -> t.launchTemplateName(lt).version("$Latest")).minSize(1).maxSize(4).desiredCapacity(2)
        .availabilityZones(region + "a"));
    List<String> members = accounts.autoScaling(account, region).describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
        .autoScalingGroups().get(0).instances().stream().map(i -> i.instanceId()).toList();
    age(account, region, members.get(0), 41, 2, previousFactoryAmi.get(region), "factory");
    age(account, region, members.get(1), 9, 9, previousFactoryAmi.get(region), "factory");
    fleet.ssmManaged(members.toArray(String[]::new)); // the group's launch template carries the SSM agent and profile

    age(account, region, run(account, region, vendorAmi.get(region), Map.of("Name", "legacy-billing")), 45, 3, vendorAmi.get(region), "vendor");
    age(account, region, run(account, region, own, Map.of("Name", "build-box")), 12, 12, own, "own");
    age(account, region, run(account, region, vendorAmi.get(region), Map.of("Name", "hsm-appliance",
        "compliant-ami:exempt-until", now.plus(Duration.ofDays(30)).toString().substring(0, 10),
        "compliant-ami:exempt-reason", "CHG-2291 vendor-certified appliance, rebuild with v5")), 60, 60, vendorAmi.get(region), "vendor");
    age(account, region, run(account, region, amazonAmi.get(region), Map.of("Name", "jump-host",
        "compliant-ami:exempt-until", now.minus(Duration.ofDays(3)).toString().substring(0, 10),
        "compliant-ami:exempt-reason", "temporary bastion")), 33, 1, amazonAmi.get(region), "amazon");
    age(account, region, run(account, region, previousFactoryAmi.get(region), Map.of("Name", "reporting-db")), 27, 27,
        previousFactoryAmi.get(region), "factory");
  }

  /** A new instance launched from {@code image} now (the launch-auditor step), its metadata served. */
  String launch(String account, String region, String image, String owner, String name) {
    String id = run(account, region, image, Map.of("Name", name));
    metadata.addInstance(account, region, Ec2AllowedImagesStub.Instance.running(id,
        Ec2AllowedImagesStub.Image.of(image, name + "-image", owner, now.minus(Duration.ofDays(1)))));
    return id;
  }

  /** Registers the AMIs a finished factory build distributes (one per region), as Image Builder would. */
  Map<String, String> distributeBuild(String name) {
    Map<String, String> amis = new LinkedHashMap<>();
    for (String region : REGIONS) {
      String ami = register(FACTORY, region, name);
      accounts.ec2(FACTORY, region).createTags(r -> r.resources(ami).tags(tags(Map.of("compliant-ami:gate", "pending"))));
      amis.put(region, ami);
    }
    return amis;
  }

  private void age(String account, String region, String id, int firstLaunchDaysAgo, int lastLaunchDaysAgo, String image, String owner) {
    fleet.age(id, now.minus(Duration.ofDays(firstLaunchDaysAgo)), now.minus(Duration.ofDays(lastLaunchDaysAgo)));
    String ownerId = switch (owner) {
      case "factory" -> FACTORY;
      case "vendor" -> VENDOR;
      case "amazon" -> "137112412989";
      default -> account;
    };
    metadata.addInstance(account, region, Ec2AllowedImagesStub.Instance.running(id,
        Ec2AllowedImagesStub.Image.of(image, owner + "-image", ownerId, now.minus(Duration.ofDays(firstLaunchDaysAgo + 5)))));
    seeded.add(id);
  }

  private String run(String account, String region, String image, Map<String, String> tags) {
    return accounts.ec2(account, region).runInstances(r -> r.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1)
        .tagSpecifications(t -> t.resourceType("instance").tags(tags(tags)))).instances().get(0).instanceId();
  }

  private String register(String account, String region, String name) {
    return accounts.ec2(account, region).registerImage(r -> r.name(name).architecture("x86_64").rootDeviceName("/dev/xvda")
        .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(8)))).imageId();
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  @Override
  public void close() {
    accounts.close();
  }
}
