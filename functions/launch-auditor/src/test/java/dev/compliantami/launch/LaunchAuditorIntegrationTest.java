package dev.compliantami.launch;

import static dev.compliantami.launch.LaunchFixture.CENTRAL;
import static dev.compliantami.launch.LaunchFixture.M1;
import static dev.compliantami.launch.LaunchFixture.M2;
import static dev.compliantami.launch.LaunchFixture.NOW;
import static dev.compliantami.launch.LaunchFixture.batch;
import static dev.compliantami.launch.LaunchFixture.image;
import static dev.compliantami.launch.LaunchFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.Ec2AllowedImagesStub.Image;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

class LaunchAuditorIntegrationTest {
  private LaunchFixture f;

  @BeforeEach
  void setUp() {
    f = new LaunchFixture();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static InstanceVerdict verdict(LaunchAuditResult r, String instanceId) {
    return r.verdicts().stream().filter(v -> v.instanceId().equals(instanceId)).findFirst().orElseThrow();
  }

  private static List<String[]> running(String account, String... ids) {
    List<String[]> out = new ArrayList<>();
    for (String id : ids) {
      out.add(new String[] {account, id, "running"});
    }
    return out;
  }

  /** A factory AMI registered in moto by the central (factory) account, tagged by ami-publisher's gate. */
  private String factoryImage(String gate) {
    try (Ec2Client c = f.ec2(CENTRAL)) {
      String id = c.registerImage(r -> r.name("al2023-stig-high-" + gate + "-" + System.nanoTime()).rootDeviceName("/dev/xvda")
          .architecture("x86_64")).imageId();
      c.createTags(r -> r.resources(id).tags(t -> t.key("compliant-ami:gate").value(gate)));
      return id;
    }
  }

  @Test
  void everyReasonIsFoundAndTheDigestGroupsThemByAccountAndReason() {
    String current = "ami-0c0000000000000a1";
    try (SsmClient ssm = f.ssm(M1)) {
      ssm.putParameter(r -> r.name("/compliant-ami/latest/al2023-stig-high").value(current).type("String"));
    }
    String blocked = factoryImage("failed");
    String published = factoryImage("passed");
    String iCurrent = f.launch(M1, image(current, CENTRAL, 200), Map.of(), false, false); // CURRENT: age does not matter
    String iPublished = f.launch(M1, image(published, CENTRAL, 20), Map.of(), false, false);
    String iBlocked = f.launch(M1, image(blocked, CENTRAL, 5), Map.of(), false, false);
    String iAmazon = f.launch(M1, image("ami-0a0000000000000a2", "137112412989", 10).withAlias("amazon"), Map.of(), false, false);
    String iOwn = f.launch(M1, image("ami-0b0000000000000a3", M1, 10), Map.of(), false, false);
    String iVendor = f.launch(M1, image("ami-0d0000000000000a4", "679593333241", 10).withAlias("aws-marketplace"), Map.of(), false, false);
    String iGone = f.launch(M2, image("ami-0e0000000000000a5", CENTRAL, 10).withState("deregistered"), Map.of(), false, false);
    String iDeprecated = f.launch(M2, image("ami-0f0000000000000a6", "137112412989", 40).withAlias("amazon").withDeprecationTime(NOW.minus(Duration.ofDays(30))), Map.of(), false, false);
    String iOld = f.launch(M2, image("ami-0f0000000000000a7", "137112412989", 400).withAlias("amazon"), Map.of(), false, false);

    List<String[]> launches = new ArrayList<>(running(M1, iCurrent, iPublished, iBlocked, iAmazon, iOwn, iVendor));
    launches.addAll(running(M2, iGone, iDeprecated, iOld));
    launches.add(new String[] {M1, iVendor, "pending"}); // pending then running in one batch: judged once
    CallCounter.reset();
    LaunchAuditResult r = invoke(f.handler("enforce", "notify", Map.of("APPROVED_IMAGE_PROVIDERS", "amazon")), batch(launches));

    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(r.launches()).isEqualTo(9);
    assertThat(verdict(r, iCurrent).outcome()).isEqualTo("COMPLIANT");
    assertThat(verdict(r, iPublished).outcome()).isEqualTo("COMPLIANT");
    assertThat(verdict(r, iAmazon).outcome()).isEqualTo("COMPLIANT");
    assertThat(verdict(r, iBlocked).reasons()).containsExactly("NOT_PUBLISHED");
    assertThat(verdict(r, iOwn).reasons()).containsExactly("OWN_ACCOUNT_IMAGE");
    assertThat(verdict(r, iVendor).reasons()).containsExactly("PROVIDER_NOT_APPROVED");
    assertThat(verdict(r, iGone).reasons()).containsExactly("IMAGE_DEREGISTERED");
    assertThat(verdict(r, iDeprecated).reasons()).containsExactly("IMAGE_DEPRECATED");
    assertThat(verdict(r, iOld).reasons()).containsExactly("IMAGE_TOO_OLD");
    assertThat(r.violations()).isEqualTo(6);
    assertThat(r.verdicts()).filteredOn(InstanceVerdict::violation).extracting(InstanceVerdict::action).containsOnly("notified");
    Map<String, Integer> calls = CallCounter.snapshot();
    assertThat(calls).containsEntry("Ec2:DescribeInstances", 2).containsEntry("Ec2:DescribeInstanceImageMetadata", 2)
        .containsEntry("Ssm:GetParametersByPath", 2).doesNotContainKeys("Ec2:CreateTags", "Ec2:StopInstances", "Ec2:TerminateInstances");

    List<JsonNode> events = f.bus.await(9, Duration.ofSeconds(10));
    assertThat(events).hasSize(9).allSatisfy(e -> assertThat(e.get("detail-type").asText()).isEqualTo("Instance Compliance Verdict"));
    JsonNode vendor = events.stream().map(e -> e.get("detail")).filter(d -> d.get("instanceId").asText().equals(iVendor)).findFirst().orElseThrow();
    assertThat(vendor.get("compliant").asBoolean()).isFalse();
    assertThat(vendor.get("reasons").get(0).asText()).isEqualTo("PROVIDER_NOT_APPROVED");
    assertThat(vendor.get("action").asText()).isEqualTo("notified");
    assertThat(vendor.get("accountId").asText()).isEqualTo(M1);

    var mail = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(mail.subject()).contains("6 violation(s), 3 compliant");
    assertThat(mail.message()).contains("account " + M1 + ", OWN_ACCOUNT_IMAGE (1): " + iOwn)
        .contains("account " + M2 + ", IMAGE_DEREGISTERED (1): " + iGone)
        .doesNotContain(iCurrent).doesNotContain(iAmazon);
  }

  @Test
  void tagModeTagsEveryVerdictAndARedeliveryWritesNothing() {
    String bad = f.launch(M1, image("ami-0d0000000000000b1", "679593333241", 10), Map.of(), false, false);
    String good = f.launch(M1, image("ami-0a0000000000000b2", "137112412989", 10).withAlias("amazon"), Map.of(), false, false);
    LaunchAuditorHandler h = f.handler("enforce", "tag", Map.of("APPROVED_IMAGE_PROVIDERS", "amazon"));

    LaunchAuditResult first = invoke(h, batch(running(M1, bad, good)));
    assertThat(verdict(first, bad).action()).isEqualTo("tagged");
    assertThat(f.tags(M1, bad)).containsEntry("compliant-ami:verdict", "violation:PROVIDER_NOT_APPROVED");
    assertThat(f.tags(M1, good)).containsEntry("compliant-ami:verdict", "compliant");
    assertThat(f.state(M1, bad)).isEqualTo("running");

    CallCounter.reset();
    LaunchAuditResult again = invoke(h, batch(running(M1, bad, good)));
    assertThat(again.batchItemFailures()).isEmpty();
    assertThat(CallCounter.snapshot()).doesNotContainKey("Ec2:CreateTags");
    assertThat(verdict(again, bad).withheld()).contains("already");
  }

  @Test
  void stopStopsStandaloneViolatorsButNeverGroupMembersOrStopProtectedOnes() {
    String plain = f.launch(M1, image("ami-0d0000000000000c1", "679593333241", 10), Map.of(), false, false);
    String guarded = f.launch(M1, image("ami-0d0000000000000c2", "679593333241", 10), Map.of(), false, true);
    String member = f.launch(M1, image("ami-0d0000000000000c3", "679593333241", 10), Map.of("aws:autoscaling:groupName", "web"), false, false);

    LaunchAuditResult r = invoke(f.handler("enforce", "stop", Map.of()), batch(running(M1, plain, guarded, member)));

    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(f.state(M1, plain)).isIn("stopping", "stopped");
    assertThat(verdict(r, plain).action()).isEqualTo("stopped");
    assertThat(f.state(M1, guarded)).isEqualTo("running");
    assertThat(verdict(r, guarded).withheld()).contains("disableApiStop");
    assertThat(f.state(M1, member)).isEqualTo("running");
    assertThat(verdict(r, member).withheld()).contains("Auto Scaling group web");
    assertThat(f.tags(M1, member)).containsEntry("compliant-ami:verdict", "violation:PROVIDER_NOT_APPROVED");

    CallCounter.reset();
    LaunchAuditResult again = invoke(f.handler("enforce", "stop", Map.of()), batch(running(M1, plain)));
    assertThat(CallCounter.snapshot()).doesNotContainKeys("Ec2:StopInstances", "Ec2:CreateTags");
    assertThat(verdict(again, plain).withheld()).startsWith("already");
  }

  @Test
  void terminateReplacesGroupMembersThroughTheirGroupAndSparesProtectedInstances() {
    String plain = f.launch(CENTRAL, image("ami-0d0000000000000d1", "679593333241", 10), Map.of(), false, false);
    String guarded = f.launch(CENTRAL, image("ami-0d0000000000000d2", "679593333241", 10), Map.of(), true, false);
    String member;
    try (var asg = f.autoscaling(CENTRAL)) {
      asg.createLaunchConfiguration(r -> r.launchConfigurationName("lc").imageId("ami-0d0000000000000d3").instanceType("t3.micro"));
      asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("lc").minSize(1).maxSize(2).desiredCapacity(1)
          .availabilityZones("us-east-1a"));
      member = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web")).autoScalingGroups().get(0).instances().get(0).instanceId();
    }
    f.seed(CENTRAL, member, image("ami-0d0000000000000d3", "679593333241", 10));

    CallCounter.reset();
    LaunchAuditResult r = invoke(f.handler("enforce", "terminate", Map.of()), batch(running(CENTRAL, plain, guarded, member)));

    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(f.state(CENTRAL, plain)).isIn("shutting-down", "terminated");
    assertThat(f.state(CENTRAL, guarded)).isEqualTo("running");
    assertThat(verdict(r, guarded).withheld()).contains("disableApiTermination");
    assertThat(verdict(r, member).autoScalingGroup()).isEqualTo("web");
    assertThat(verdict(r, member).action()).isEqualTo("terminated");
    Map<String, Integer> calls = CallCounter.snapshot();
    assertThat(calls).containsEntry("Ec2:TerminateInstances", 1).containsEntry("AutoScaling:SetInstanceHealth", 1);
  }

  @Test
  void aBurstOfViolatorsIsCappedPerInvocationAndPerAutoScalingGroupAndTheRestIsOnlyNotified() {
    Image vendor = image("ami-0d0000000000000h1", "679593333241", 10);
    List<String> members;
    try (var asg = f.autoscaling(CENTRAL)) {
      asg.createLaunchConfiguration(r -> r.launchConfigurationName("lc-burst").imageId(vendor.imageId()).instanceType("t3.micro"));
      asg.createAutoScalingGroup(r -> r.autoScalingGroupName("burst").launchConfigurationName("lc-burst").minSize(4).maxSize(4).desiredCapacity(4)
          .availabilityZones("us-east-1a"));
      members = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("burst")).autoScalingGroups().get(0).instances().stream()
          .map(i -> i.instanceId()).toList();
    }
    members.forEach(id -> f.seed(CENTRAL, id, vendor));
    List<String> standalone = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      standalone.add(f.launch(CENTRAL, vendor, Map.of(), false, false));
    }
    List<String[]> launches = new ArrayList<>(running(CENTRAL, members.toArray(String[]::new)));
    launches.addAll(running(CENTRAL, standalone.toArray(String[]::new)));

    CallCounter.reset();
    LaunchAuditResult r = invoke(f.handler("enforce", "terminate", Map.of("MAX_TERMINATIONS_PER_RUN", "3")), batch(launches));

    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(r.violations()).isEqualTo(10);
    Map<String, Integer> calls = CallCounter.snapshot();
    assertThat(calls).as("exactly the caps: 1 in the group (MaxReplacementsPerGroup=1), 3 in all (MaxTerminationsPerRun=3)")
        .containsEntry("AutoScaling:SetInstanceHealth", 1).containsEntry("Ec2:TerminateInstances", 2).doesNotContainKey("Ec2:StopInstances");
    assertThat(verdict(r, members.get(0)).action()).isEqualTo("terminated");
    assertThat(members.subList(1, 4)).allSatisfy(id -> {
      assertThat(verdict(r, id).capped()).isTrue();
      assertThat(verdict(r, id).action()).isEqualTo("notified");
      assertThat(verdict(r, id).withheld()).contains("MaxReplacementsPerGroup");
      assertThat(f.tags(CENTRAL, id)).doesNotContainKey("compliant-ami:verdict");
    });
    assertThat(standalone.subList(0, 2)).allSatisfy(id -> assertThat(f.state(CENTRAL, id)).isIn("shutting-down", "terminated"));
    assertThat(standalone.subList(2, 6)).allSatisfy(id -> {
      assertThat(f.state(CENTRAL, id)).isEqualTo("running");
      assertThat(verdict(r, id).capped()).isTrue();
      assertThat(verdict(r, id).withheld()).contains("MaxTerminationsPerRun");
    });
    assertThat(r.capped()).isEqualTo(7);

    List<JsonNode> events = f.bus.await(10, Duration.ofSeconds(10));
    assertThat(events.stream().map(e -> e.get("detail")).filter(d -> d.get("action").asText().equals("notified")).map(d -> d.get("instanceId").asText()))
        .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(members.subList(1, 4).stream(), standalone.subList(2, 6).stream()).toList());
    String mail = f.topic.await(1, Duration.ofSeconds(10)).get(0).message();
    assertThat(mail).contains("left for later by the caps, only notified (7)").contains(standalone.get(5)).contains(members.get(3) + " (ASG burst)")
        .contains("MaxTerminationsPerRun=3, MaxReplacementsPerGroup=1");

    // tagging disrupts nothing: tag mode is not capped, even with MaxTerminationsPerRun=0
    CallCounter.reset();
    LaunchAuditResult tagged = invoke(f.handler("enforce", "tag", Map.of("MAX_TERMINATIONS_PER_RUN", "0")),
        batch(running(CENTRAL, standalone.subList(2, 6).toArray(String[]::new))));
    assertThat(tagged.capped()).isZero();
    assertThat(tagged.verdicts()).extracting(InstanceVerdict::action).containsOnly("tagged");
    assertThat(standalone.subList(2, 6)).allSatisfy(id -> assertThat(f.tags(CENTRAL, id)).containsEntry("compliant-ami:verdict", "violation:PROVIDER_NOT_APPROVED"));
  }

  @Test
  void aFactoryBuildInstanceInTheFactoryAccountIsExemptAndNeverActedOn() {
    String build = f.launch(CENTRAL, image("ami-0a0000000000000i1", "137112412989", 10).withAlias("amazon"),
        Map.of("compliant-ami:factory-build", "al2023-stig-high/1.2.0"), false, false);
    String lookalike = f.launch(M1, image("ami-0a0000000000000i2", "137112412989", 10).withAlias("amazon"),
        Map.of("compliant-ami:factory-build", "al2023-stig-high/1.2.0"), false, false);

    CallCounter.reset();
    LaunchAuditResult r = invoke(f.handler("enforce", "terminate", Map.of()), batch(List.of(new String[] {CENTRAL, build, "running"},
        new String[] {M1, lookalike, "running"})));

    assertThat(verdict(r, build).outcome()).isEqualTo("EXEMPT");
    assertThat(verdict(r, build).exemption()).contains("factory");
    assertThat(f.state(CENTRAL, build)).isEqualTo("running");
    assertThat(verdict(r, build).action()).as("only the verdict tag, as on every exempt instance in tag/stop/terminate mode").isEqualTo("tagged");
    assertThat(f.tags(CENTRAL, build)).containsEntry("compliant-ami:verdict", "exempt");
    assertThat(verdict(r, lookalike).outcome()).as("the tag exempts only in the factory account").isEqualTo("VIOLATION");
    assertThat(f.state(M1, lookalike)).isIn("shutting-down", "terminated");
    assertThat(CallCounter.snapshot()).containsEntry("Ec2:TerminateInstances", 1);
  }

  @Test
  void exemptionsValidExpiredAndWithoutReason() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Image vendor = image("ami-0d0000000000000e1", "679593333241", 10);
    String valid = f.launch(M1, vendor, Map.of("compliant-ami:exempt-until", today.plusDays(10).toString(), "compliant-ami:exempt-reason", "vendor appliance, CHG-1"), false, false);
    String expired = f.launch(M1, vendor, Map.of("compliant-ami:exempt-until", today.minusDays(1).toString(), "compliant-ami:exempt-reason", "old"), false, false);
    String noReason = f.launch(M1, vendor, Map.of("compliant-ami:exempt-until", today.plusDays(10).toString()), false, false);

    LaunchAuditResult r = invoke(f.handler("enforce", "terminate", Map.of()), batch(running(M1, valid, expired, noReason)));

    assertThat(verdict(r, valid).outcome()).isEqualTo("EXEMPT");
    assertThat(verdict(r, valid).action()).isEqualTo("tagged");
    assertThat(f.state(M1, valid)).isEqualTo("running");
    assertThat(verdict(r, expired).reasons()).containsExactly("PROVIDER_NOT_APPROVED", "EXEMPTION_EXPIRED");
    assertThat(verdict(r, noReason).reasons()).containsExactly("PROVIDER_NOT_APPROVED", "EXEMPTION_NO_REASON");
    assertThat(f.state(M1, expired)).isIn("shutting-down", "terminated");
    assertThat(f.topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("EXEMPTION_EXPIRED").contains("EXEMPTION_NO_REASON");
  }

  @Test
  void dryRunMakesNoMutatingCall() {
    String bad = f.launch(M1, image("ami-0d0000000000000f1", "679593333241", 10), Map.of(), false, false);
    CallCounter.reset();
    LaunchAuditResult r = invoke(f.handler("dry-run", "terminate", Map.of()), batch(running(M1, bad)));

    assertThat(verdict(r, bad).action()).isEqualTo("notified");
    assertThat(verdict(r, bad).withheld()).startsWith("dry-run: would tag").endsWith("and terminate");
    assertThat(f.state(M1, bad)).isEqualTo("running");
    assertThat(CallCounter.snapshot().keySet()).noneMatch(k -> k.matches(".*:(CreateTags|StopInstances|TerminateInstances|SetInstanceHealth)"));
    assertThat(f.topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("dry-run mode: nothing was changed");
  }

  @Test
  void anAccountWhoseRoleCannotBeAssumedFailsOnlyItsMessagesAndMalformedOnesFailAlone() {
    String central = f.launch(CENTRAL, image("ami-0d0000000000000g1", "679593333241", 10), Map.of(), false, false);
    String member = f.launch(M2, image("ami-0d0000000000000g2", "679593333241", 10), Map.of(), false, false);
    f.ec2.failNext("AssumeRole", "AccessDenied", 403, 1); // the batch's only AssumeRole: M2's
    Map<String, Object> event = batch(List.of(new String[] {CENTRAL, central, "running"}, new String[] {M2, member, "running"}));
    List<Object> records = new ArrayList<>((List<?>) event.get("Records"));
    records.add(LaunchFixture.record("msg-not-json", "this is not JSON"));
    records.add(LaunchFixture.record("msg-no-instance", LaunchFixture.stateChange(M1, "i-0123456789abcdef0", "running").replace("\"instance-id\":\"i-0123456789abcdef0\",", "")));
    records.add(LaunchFixture.record("msg-other-state", LaunchFixture.stateChange(M1, "i-0123456789abcdef0", "stopped")));
    records.add(LaunchFixture.record("msg-gone", LaunchFixture.stateChange(CENTRAL, "i-0fffffffffffffff0", "running")));

    LaunchAuditResult r = invoke(f.handler("enforce", "notify", Map.of()), Map.of("Records", records));

    assertThat(r.batchItemFailures()).extracting(LaunchAuditResult.BatchItemFailure::itemIdentifier)
        .containsExactlyInAnyOrder("msg-" + member + "-running", "msg-not-json", "msg-no-instance");
    assertThat(r.failed()).anySatisfy(x -> assertThat(x.reason()).contains("AccessDenied"))
        .anySatisfy(x -> assertThat(x.reason()).contains("$.Records[3].body.detail.instance-id"))
        .anySatisfy(x -> assertThat(x.reason()).contains("$.Records[2].body"));
    assertThat(verdict(r, central).reasons()).containsExactly("PROVIDER_NOT_APPROVED");
    assertThat(verdict(r, "i-0fffffffffffffff0").outcome()).isEqualTo("NOT_FOUND");
    assertThat(r.ignored()).isEqualTo(1);
    assertThat(f.topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("not audited, retried: " + M2);
  }
}
