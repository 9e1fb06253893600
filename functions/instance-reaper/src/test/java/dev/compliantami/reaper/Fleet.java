package dev.compliantami.reaper;

import dev.compliantami.testing.EmulatedAccounts;
import dev.compliantami.testing.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Test-side seeding straight into moto (not through the stub, so the function's calls are counted alone). */
final class Fleet implements AutoCloseable {
  static final String CENTRAL = "123456789012";
  private final EmulatedAccounts accounts;
  private final Map<String, String> images = new ConcurrentHashMap<>();

  Fleet(MotoServer moto) {
    this.accounts = new EmulatedAccounts(moto, CENTRAL, "compliant-ami-member");
  }

  Ec2Client ec2(String account, String region) {
    return accounts.ec2(account, region);
  }

  AutoScalingClient autoScaling(String account, String region) {
    return accounts.autoScaling(account, region);
  }

  private String image(String account, String region) {
    return images.computeIfAbsent(account + region, k -> ec2(account, region).describeImages(r -> r.owners("amazon").maxResults(5)).images().get(0).imageId());
  }

  /** A standalone instance; {@code stopProtected} sets DisableApiStop at launch. */
  String standalone(String account, String region, Map<String, String> tags, boolean stopProtected) {
    return ec2(account, region).runInstances(r -> {
      r.imageId(image(account, region)).instanceType("t3.micro").minCount(1).maxCount(1).disableApiStop(stopProtected);
      if (!tags.isEmpty()) {
        r.tagSpecifications(t -> t.resourceType("instance").tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
      }
    }).instances().get(0).instanceId();
  }

  void terminationProtect(String account, String region, String id) {
    ec2(account, region).modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(b -> b.value(true)));
  }

  void tag(String account, String region, String id, Map<String, String> tags) {
    ec2(account, region).createTags(r -> r.resources(id).tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
  }

  InstanceStateName state(String account, String region, String id) {
    return ec2(account, region).describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().name();
  }

  /** An Auto Scaling group of {@code desired} instances; returns their ids. */
  List<String> group(String account, String region, String name, int desired) {
    String lt = name + "-lt";
    ec2(account, region).createLaunchTemplate(r -> r.launchTemplateName(lt).launchTemplateData(d -> d.imageId(image(account, region)).instanceType("t3.micro")));
    autoScaling(account, region).createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchTemplate(t -> t.launchTemplateName(lt).version("$Latest"))
        .minSize(0).maxSize(desired + 2).desiredCapacity(desired).availabilityZones(region + "a"));
    return members(account, region, name);
  }

  AutoScalingGroup describe(String account, String region, String name) {
    return autoScaling(account, region).describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
  }

  List<String> members(String account, String region, String name) {
    return describe(account, region, name).instances().stream().map(Instance::instanceId).sorted().toList();
  }

  @Override
  public void close() {
    accounts.close();
  }
}
