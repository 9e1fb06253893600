package dev.compliantami.publisher;

import static dev.compliantami.publisher.PublisherFixture.MEMBER_1;
import static dev.compliantami.publisher.PublisherFixture.MEMBER_2;
import static dev.compliantami.publisher.PublisherFixture.ORG_ARN;
import static dev.compliantami.publisher.PublisherFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.policy.GateCheck;
import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/** ami-publisher against moto (EC2, SSM, STS, KMS, SNS, EventBridge) and the Image Builder stub. */
class AmiPublisherIntegrationTest {
  private PublisherFixture f;

  @BeforeEach
  void setUp() {
    f = new PublisherFixture();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static List<String> mutations(Map<String, Integer> calls) {
    return calls.keySet().stream()
        .filter(k -> k.matches(".*:(ModifyImageAttribute|CreateTags|EnableImageDeprecation|PutParameter|AssumeRole)"))
        .filter(k -> !k.endsWith("AssumeRole"))
        .toList();
  }

  @Test
  void gatePassedSharesTagsRollsForwardAndDeprecatesInTwoRegions() {
    String old = f.registerAmi("us-east-1", "al2023-stig-high-" + f.suffix + "-previous");
    try (var ec2 = f.ec2("us-east-1")) {
      ec2.createTags(r -> r.resources(old).tags(t -> t.key("compliant-ami:baseline").value(f.baseline), t -> t.key("compliant-ami:managed").value("true")));
    }

    PublishResult r = invoke(f.handler("enforce", Map.of()), f.event("AVAILABLE"));

    assertThat(r.published()).isTrue();
    assertThat(r.gate()).extracting(GateCheck::passed).containsOnly(true);
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).as("%s", f.launchPermissions("us-east-1", f.amiEast)).extracting(p -> p.organizationArn()).containsExactly(ORG_ARN);
    assertThat(f.launchPermissions("us-west-2", f.amiWest)).extracting(p -> p.organizationArn()).containsExactly(ORG_ARN);
    assertThat(f.tags("us-west-2", f.amiWest))
        .containsEntry("compliant-ami:managed", "true")
        .containsEntry("compliant-ami:baseline", f.baseline)
        .containsEntry("compliant-ami:image-build-version-arn", f.imageArn)
        .containsEntry("compliant-ami:stig-component", "stig-build-linux-high")
        .containsEntry("compliant-ami:stig-component-version", "2025.4.0")
        .containsEntry("compliant-ami:build-date", "2026-12-03T09:10:00.000Z")
        .containsEntry("compliant-ami:parent-image", "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
        .doesNotContainKey("compliant-ami:source-image");
    for (String account : List.of(LocalAws.ACCOUNT, MEMBER_1, MEMBER_2)) {
      assertThat(f.latest(account, "us-east-1")).as(account).isEqualTo(f.amiEast);
      assertThat(f.latest(account, "us-west-2")).as(account).isEqualTo(f.amiWest);
    }
    assertThat(r.rollForward()).hasSize(6).extracting(PublishResult.TargetOutcome::action).containsOnly("UPDATED");
    assertThat(r.deprecated()).containsExactly(old);
    assertThat(f.proxy.deprecated()).containsExactly(old);
    assertThat(f.tags("us-east-1", old)).containsEntry("compliant-ami:superseded-by", f.imageArn);

    JsonNode event = f.bus.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(event.get("detail-type").asText()).isEqualTo("Compliant AMI Published");
    JsonNode d = event.get("detail");
    assertThat(d.get("imageBuildVersionArn").asText()).isEqualTo(f.imageArn);
    assertThat(d.get("pipelineArn").asText()).isEqualTo(f.pipeline);
    assertThat(d.get("amis")).hasSize(2);
    assertThat(d.get("sharedWith").get("organizationArns").get(0).asText()).isEqualTo(ORG_ARN);
    assertThat(d.get("deprecatedImageIds").get(0).asText()).isEqualTo(old);
    assertThat(d.get("dryRun").asBoolean()).isFalse();

    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("ami-publisher published " + f.baseline + " (2 AMI(s))");
    assertThat(n.message()).contains("gate scan-findings: passed").contains(f.amiWest + " (us-west-2): shared with " + ORG_ARN)
        .contains("/compliant-ami/latest/" + f.baseline + ": 6 of 6 account/region(s) updated").contains("Build and test (SCAP) logs:");
  }

  @Test
  void redeliveryChangesNothingASecondTime() {
    AmiPublisherHandler h = f.handler("enforce", Map.of());
    invoke(h, f.event("AVAILABLE"));
    CallCounter.reset();

    PublishResult again = invoke(h, f.event("AVAILABLE"));

    assertThat(mutations(CallCounter.snapshot())).as("%s", CallCounter.snapshot()).isEmpty();
    assertThat(again.amis()).allSatisfy(a -> {
      assertThat(a.sharedWith()).isEmpty();
      assertThat(a.tagsSet()).isEmpty();
    });
    assertThat(again.rollForward()).extracting(PublishResult.TargetOutcome::action).containsOnly("UNCHANGED");
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).hasSize(1);
  }

  @Test
  void dryRunReportsEverythingAndChangesNothing() {
    CallCounter.reset();
    PublishResult r = invoke(f.handler("dry-run", Map.of()), f.event("AVAILABLE"));

    assertThat(mutations(CallCounter.snapshot())).as("%s", CallCounter.snapshot()).isEmpty();
    assertThat(r.published()).isTrue();
    assertThat(r.amis()).allSatisfy(a -> assertThat(a.sharedWith()).containsExactly(ORG_ARN));
    assertThat(r.rollForward()).extracting(PublishResult.TargetOutcome::action).containsOnly("WOULD_UPDATE");
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).isEmpty();
    assertThat(f.latest(MEMBER_1, "us-east-1")).isNull();
    assertThat(f.bus.await(1, Duration.ofSeconds(10)).get(0).get("detail").get("dryRun").asBoolean()).isTrue();
    assertThat(f.topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("dry-run mode: nothing was changed");
  }

  @Test
  void criticalFindingsBlockSharingAndTagTheReason() {
    f.ib.addImage(f.ib.image(f.imageArn).withScanState("COMPLETED", null));
    f.ib.addScanFindings(f.imageArn, "CRITICAL", 2);
    f.ib.addScanFindings(f.imageArn, "HIGH", 4);

    PublishResult r = invoke(f.handler("enforce", Map.of()), f.event("AVAILABLE"));

    assertThat(r.published()).isFalse();
    assertThat(r.gate()).filteredOn(c -> !c.passed()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("scan-findings");
      assertThat(c.detail()).isEqualTo("2 CRITICAL (max 0), 4 HIGH (not gated)");
    });
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).isEmpty();
    assertThat(f.tags("us-east-1", f.amiEast)).containsEntry("compliant-ami:gate", "failed").containsEntry("compliant-ami:gate-failed-checks", "scan-findings");
    assertThat(f.latest(MEMBER_1, "us-east-1")).isNull();
    assertThat(f.bus.receiveFor(Duration.ofSeconds(2))).isEmpty();
    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("BLOCKED " + f.baseline);
    assertThat(n.messageAttributes()).containsEntry("severity", "WARNING");
  }

  @Test
  void missingAmiFailsTheGate() {
    f.ib.addImage(f.ib.image(f.imageArn).withAmis(List.of(
        dev.compliantami.testing.ImageBuilderStub.AmiSeed.of("us-east-1", f.amiEast),
        dev.compliantami.testing.ImageBuilderStub.AmiSeed.of("us-west-2", "ami-0123456789abcdef0"))));

    PublishResult r = invoke(f.handler("enforce", Map.of()), f.event("AVAILABLE"));

    assertThat(r.published()).isFalse();
    assertThat(r.gate()).filteredOn(c -> c.name().equals("amis-available")).singleElement()
        .extracting(GateCheck::detail).isEqualTo("ami-0123456789abcdef0 in us-west-2 does not exist");
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).isEmpty();
  }

  @Test
  void memberWhoseRoleCannotBeAssumedIsReportedAndTheOthersAreUpdated() {
    f.proxy.denyAssumeRole(MEMBER_2);

    PublishResult r = invoke(f.handler("enforce", Map.of()), f.event("AVAILABLE"));

    assertThat(r.rollForward()).filteredOn(t -> t.accountId().equals(MEMBER_2))
        .hasSize(2).allSatisfy(t -> {
          assertThat(t.action()).isEqualTo("FAILED");
          assertThat(t.detail()).startsWith("AccessDenied");
        });
    assertThat(r.rollForward()).filteredOn(t -> !t.accountId().equals(MEMBER_2)).extracting(PublishResult.TargetOutcome::action).containsOnly("UPDATED");
    assertThat(f.latest(MEMBER_1, "us-west-2")).isEqualTo(f.amiWest);
    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.message()).contains("4 of 6 account/region(s) updated, 2 FAILED").contains(MEMBER_2 + "/us-east-1: FAILED — AccessDenied");
    assertThat(n.messageAttributes()).containsEntry("severity", "WARNING");
  }

  @Test
  void failedBuildIsNewsAndChangesNothing() {
    f.ib.addImage(f.ib.image(f.imageArn).withState("FAILED", "Test phase failed: SCAP"));
    CallCounter.reset();

    PublishResult r = invoke(f.handler("enforce", Map.of()), f.event("FAILED"));

    assertThat(r.published()).isFalse();
    assertThat(mutations(CallCounter.snapshot())).isEmpty();
    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("hardening build FAILED: " + f.baseline);
    assertThat(n.message()).contains("Test phase failed: SCAP");
  }

  @Test
  void imagesOfUnmanagedPipelinesAreIgnored() {
    String other = dev.compliantami.testing.ImageBuilderStub.pipelineArn("team-" + f.suffix);
    f.ib.addPipeline(new dev.compliantami.testing.ImageBuilderStub.PipelineSeed(other, null, "ENABLED", Map.of(), null, null));
    String recipe = dev.compliantami.testing.ImageBuilderStub.recipeArn("team-" + f.suffix, "1.0.0");
    f.ib.addImage(dev.compliantami.testing.ImageBuilderStub.ImageSeed.available(f.imageArn, other,
        dev.compliantami.testing.ImageBuilderStub.RecipeSeed.of(recipe, "team", "ami-0123456789abcdef0", List.of(), Map.of()),
        dev.compliantami.testing.ImageBuilderStub.AmiSeed.of("us-east-1", f.amiEast)));
    CallCounter.reset();

    PublishResult r = invoke(f.handler("enforce", Map.of()), f.event("AVAILABLE"));

    assertThat(r.ignoredBecause()).contains("not from a pipeline or recipe tagged compliant-ami:managed=true");
    assertThat(mutations(CallCounter.snapshot())).isEmpty();
  }

  @Test
  void customerKeyWithoutOrganizationAccessBlocksSharingAndOneWithItDoesNot() {
    KmsClient kms = f.aws.client(KmsClient.class, KmsClient::builder);
    String closedKey = kms.createKey(r -> r.description("factory key, account only")).keyMetadata().arn();
    String snapshot;
    try (var ec2 = f.ec2("us-east-1")) {
      snapshot = ec2.describeImages(r -> r.imageIds(f.amiEast)).images().get(0).blockDeviceMappings().get(0).ebs().snapshotId();
    }
    f.proxy.encryptedSnapshot(snapshot, closedKey);

    PublishResult blocked = invoke(f.handler("enforce", Map.of()), f.event("AVAILABLE"));

    assertThat(blocked.published()).isFalse();
    assertThat(blocked.gate()).filteredOn(c -> !c.passed()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("keys-shareable");
      assertThat(c.detail()).contains("the policy of key " + closedKey + " does not let the organization use it");
    });
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).isEmpty();

    String openKey = kms.createKey(r -> r.description("factory key, organization may use")).keyMetadata().arn();
    kms.putKeyPolicy(r -> r.keyId(openKey).policyName("default").policy("""
        {"Version":"2012-10-17","Statement":[
         {"Sid":"root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
         {"Sid":"org","Effect":"Allow","Principal":"*","Action":["kms:Describe*","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:CreateGrant"],
          "Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}]}"""));
    f.proxy.encryptedSnapshot(snapshot, openKey);

    PublishResult shared = invoke(f.handler("enforce", Map.of()), f.event("AVAILABLE"));

    assertThat(shared.published()).isTrue();
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).extracting(p -> p.organizationArn()).containsExactly(ORG_ARN);
  }

  @Test
  void aLateEventNeitherRollsLatestBackNorDeprecatesTheNewerBuild() throws InterruptedException {
    AmiPublisherHandler h = f.handler("enforce", Map.of());
    Thread.sleep(1100); // moto stamps creation times to the second: the newer build must be a second later
    String newer = f.registerAmi("us-east-1", "al2023-stig-high-" + f.suffix + "-newer");
    try (var ec2 = f.ec2("us-east-1")) {
      ec2.createTags(r -> r.resources(newer).tags(t -> t.key("compliant-ami:baseline").value(f.baseline), t -> t.key("compliant-ami:managed").value("true")));
    }
    assertThat(creation(f, "us-east-1", newer)).isAfter(creation(f, "us-east-1", f.amiEast));

    PublishResult r = invoke(h, f.event("AVAILABLE"));

    PublishResult.AmiOutcome east = r.amis().stream().filter(a -> a.region().equals("us-east-1")).findFirst().orElseThrow();
    assertThat(east.note()).contains("a newer build of " + f.baseline + " (" + newer + ") is live here");
    assertThat(r.deprecated()).doesNotContain(newer);
    assertThat(f.proxy.deprecated()).doesNotContain(newer);
    assertThat(r.rollForward()).filteredOn(t -> t.region().equals("us-east-1")).extracting(PublishResult.TargetOutcome::action).containsOnly("NOT_ROLLED_FORWARD");
    assertThat(f.latest(MEMBER_1, "us-west-2")).isEqualTo(f.amiWest);
  }

  @Test
  void tagsOnTheImageItselfCannotMakeAnUnmanagedBuildManaged() {
    String other = dev.compliantami.testing.ImageBuilderStub.pipelineArn("team-" + f.suffix);
    f.ib.addPipeline(new dev.compliantami.testing.ImageBuilderStub.PipelineSeed(other, null, "ENABLED", Map.of(), null, null));
    String recipe = dev.compliantami.testing.ImageBuilderStub.recipeArn("team-" + f.suffix, "1.0.0");
    f.ib.addImage(dev.compliantami.testing.ImageBuilderStub.ImageSeed.available(f.imageArn, other,
            dev.compliantami.testing.ImageBuilderStub.RecipeSeed.of(recipe, "team", "ami-0123456789abcdef0", List.of(), Map.of()),
            dev.compliantami.testing.ImageBuilderStub.AmiSeed.of("us-east-1", f.amiEast))
        .withTags(Map.of("compliant-ami:managed", "true", "compliant-ami:baseline", "someone-elses-baseline")));

    PublishResult r = invoke(f.handler("enforce", Map.of()), f.event("AVAILABLE"));

    assertThat(r.ignoredBecause()).isNotNull();
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).isEmpty();
  }

  private static java.time.Instant creation(PublisherFixture f, String region, String ami) {
    try (var ec2 = f.ec2(region)) {
      return java.time.Instant.parse(ec2.describeImages(r -> r.imageIds(ami)).images().get(0).creationDate());
    }
  }
}
