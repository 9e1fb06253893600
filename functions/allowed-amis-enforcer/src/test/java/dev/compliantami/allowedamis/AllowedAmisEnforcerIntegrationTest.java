package dev.compliantami.allowedamis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.Ec2AllowedImagesStub;
import dev.compliantami.testing.Ec2AllowedImagesStub.Criterion;
import dev.compliantami.testing.Ec2AllowedImagesStub.Image;
import dev.compliantami.testing.Ec2AllowedImagesStub.Instance;
import dev.compliantami.testing.EventCapture;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * allowed-amis-enforcer across 3 accounts × 2 regions: moto (STS, SNS, EventBridge) behind the account-aware
 * Allowed AMIs EC2 stub.
 */
class AllowedAmisEnforcerIntegrationTest {
  static final String CENTRAL = "123456789012";
  static final String M1 = "111111111111";
  static final String M2 = "222222222222";
  static final List<String> REGIONS = List.of("us-east-1", "us-west-2");

  private LocalAws aws;
  private Ec2AllowedImagesStub ec2;
  private SnsCapture topic;
  private EventCapture bus;

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.routeSdkClients();
    ec2 = Ec2AllowedImagesStub.start(aws.moto()).routeSdkClients();
    topic = aws.notifications("security");
    bus = aws.bus("suite");
  }

  @AfterEach
  void tearDown() {
    ec2.close();
    aws.close();
  }

  private AllowedAmisEnforcerHandler handler(String mode, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(Map.of(
        "MODE", mode, "AWS_REGION", "us-east-1", "NOTIFY_TOPIC_ARN", topic.topicArn(), "EVENT_BUS_NAME", bus.busName(),
        "POWERTOOLS_SERVICE_NAME", "allowed-amis-enforcer", "FACTORY_ACCOUNT_ID", CENTRAL,
        "BOUNDARY_ACCOUNT_IDS", CENTRAL + "," + M1 + "," + M2, "BOUNDARY_REGIONS", String.join(",", REGIONS),
        "FLEET_PARALLELISM", "1", "FLEET_REQUESTS_PER_SECOND", "100"));
    env.putAll(overrides);
    return new AllowedAmisEnforcerHandler(env);
  }

  private static ReconcileResult invoke(AllowedAmisEnforcerHandler h, Map<String, Object> event) {
    return h.handleRequest(event, new LocalContext("allowed-amis-enforcer", 600, 1024));
  }

  private static Map<String, Object> schedule() {
    return Map.of("job", "allowed-amis-reconcile", "executionId", "exec-1", "scheduledTime", "2026-12-03T00:00:00Z");
  }

  private void inSyncEverywhere() {
    for (String account : List.of(CENTRAL, M1, M2)) {
      for (String region : REGIONS) {
        ec2.settings(account, region).state("audit-mode").criteria(Criterion.providers("amazon", CENTRAL));
      }
    }
  }

  private static TargetOutcome target(ReconcileResult r, String account, String region) {
    return r.targets().stream().filter(t -> t.accountId().equals(account) && t.region().equals(region)).findFirst().orElseThrow();
  }

  @Test
  void noSettingYetIsSetEverywhereAndVerified() {
    ReconcileResult r = invoke(handler("enforce", Map.of()), schedule());

    assertThat(r.targets()).hasSize(6).extracting(TargetOutcome::action).containsOnly("CHANGED");
    for (String account : List.of(CENTRAL, M1, M2)) {
      for (String region : REGIONS) {
        assertThat(ec2.settings(account, region).state()).isEqualTo("audit-mode");
        assertThat(ec2.settings(account, region).criteria()).singleElement()
            .satisfies(c -> assertThat(c.imageProviders()).containsExactlyInAnyOrder("amazon", CENTRAL));
      }
    }
    List<JsonNode> events = bus.await(6, Duration.ofSeconds(10));
    assertThat(events).hasSize(6).allSatisfy(e -> {
      assertThat(e.get("detail-type").asText()).isEqualTo("Allowed AMIs Reconciled");
      assertThat(e.get("detail").get("driftFound").asBoolean()).isTrue();
      assertThat(e.get("detail").get("changed").asBoolean()).isTrue();
      assertThat(e.get("detail").get("state").asText()).isEqualTo("audit-mode");
    });
    assertThat(r.declarativePolicy()).contains("allowed_images_settings").contains(CENTRAL);
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).subject()).contains("6 drifted, 6 repaired, 0 failed");
  }

  @Test
  void matchingSettingsAreNotWrittenAndNobodyIsEmailed() {
    inSyncEverywhere();
    ReconcileResult r = invoke(handler("enforce", Map.of()), schedule());

    assertThat(r.targets()).extracting(TargetOutcome::action).containsOnly("IN_SYNC");
    for (String account : List.of(CENTRAL, M1, M2)) {
      assertThat(ec2.writes(account, "us-east-1")).isEmpty();
    }
    assertThat(r.notificationMessageId()).isNull();
    assertThat(bus.await(6, Duration.ofSeconds(10))).hasSize(6);
  }

  @Test
  void driftInProvidersNamesConditionsAndStateIsRepairedOnlyWhereItIs() {
    inSyncEverywhere();
    ec2.settings(M1, "us-west-2").criteria(Criterion.providers("amazon", CENTRAL, "aws-marketplace"));
    ec2.settings(M2, "us-east-1").criteria(Criterion.providers("amazon", CENTRAL).withImageNames("al2023-*").withMaximumDaysSinceCreated(30));
    ec2.settings(CENTRAL, "us-west-2").state("disabled");

    ReconcileResult r = invoke(handler("enforce", Map.of()), schedule());

    assertThat(target(r, M1, "us-west-2").action()).isEqualTo("CHANGED");
    assertThat(target(r, M1, "us-west-2").differences()).anySatisfy(d -> assertThat(d).contains("extra aws-marketplace"));
    assertThat(target(r, M2, "us-east-1").action()).isEqualTo("CHANGED");
    assertThat(target(r, CENTRAL, "us-west-2").differences()).anySatisfy(d -> assertThat(d).contains("state: disabled, want audit-mode"));
    assertThat(r.count("CHANGED")).isEqualTo(3);
    assertThat(r.count("IN_SYNC")).isEqualTo(3);
    assertThat(ec2.settings(M1, "us-west-2").criteria()).singleElement().satisfies(c -> assertThat(c.imageProviders()).containsExactlyInAnyOrder("amazon", CENTRAL));
    assertThat(ec2.settings(CENTRAL, "us-west-2").state()).isEqualTo("audit-mode");
    assertThat(ec2.writes(M1, "us-east-1")).isEmpty();
  }

  @Test
  void dryRunWritesNothingAndReportsTheDrift() {
    ReconcileResult r = invoke(handler("dry-run", Map.of()), schedule());

    assertThat(r.targets()).extracting(TargetOutcome::action).containsOnly("WOULD_CHANGE");
    for (String account : List.of(CENTRAL, M1, M2)) {
      for (String region : REGIONS) {
        assertThat(ec2.writes(account, region)).isEmpty();
      }
    }
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("dry-run mode: nothing was changed");
  }

  @Test
  void declarativePolicyManagedAccountIsComparedNotWritten() {
    inSyncEverywhere();
    ec2.managedByDeclarativePolicy(M2, "us-east-1").state("enabled").criteria(Criterion.providers("amazon"));

    ReconcileResult r = invoke(handler("enforce", Map.of()), schedule());

    TargetOutcome managed = target(r, M2, "us-east-1");
    assertThat(managed.action()).isEqualTo("POLICY_MANAGED");
    assertThat(managed.detail()).contains("the declarative policy differs");
    assertThat(ec2.writes(M2, "us-east-1")).isEmpty();
  }

  @Test
  void memberWhoseRoleCannotBeAssumedIsReportedAndTheOthersAreRepaired() {
    ec2.failNext("AssumeRole", "AccessDenied", 403, 1); // the first AssumeRole of the run, whichever member it is for

    ReconcileResult r = invoke(handler("enforce", Map.of()), schedule());

    assertThat(r.targets()).filteredOn(t -> t.action().equals("FAILED")).singleElement().satisfies(t -> {
      assertThat(t.accountId()).isIn(M1, M2);
      assertThat(t.detail()).startsWith("AccessDenied");
    });
    assertThat(r.targets()).filteredOn(t -> !t.action().equals("FAILED")).hasSize(5).extracting(TargetOutcome::action).containsOnly("CHANGED");
    assertThat(target(r, CENTRAL, "us-east-1").action()).isEqualTo("CHANGED");
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).messageAttributes()).containsEntry("severity", "WARNING");
  }

  @Test
  void throttlingIsRetried() {
    inSyncEverywhere();
    ec2.failNext("GetAllowedImagesSettings", "RequestLimitExceeded", 2);

    ReconcileResult r = invoke(handler("enforce", Map.of()), schedule());

    assertThat(r.targets()).extracting(TargetOutcome::action).containsOnly("IN_SYNC");
  }

  @Test
  void cloudTrailChangeRepairsOnlyThatAccountAndRegion() {
    inSyncEverywhere();
    ec2.settings(M1, "us-west-2").state("disabled");
    ec2.settings(M2, "us-east-1").state("disabled"); // drift elsewhere is left to its own event or the schedule

    ReconcileResult r = invoke(handler("enforce", Map.of()), cloudTrail(M1, "us-west-2", "DisableAllowedImagesSettings"));

    assertThat(r.targets()).singleElement().satisfies(t -> {
      assertThat(t.accountId()).isEqualTo(M1);
      assertThat(t.region()).isEqualTo("us-west-2");
      assertThat(t.action()).isEqualTo("CHANGED");
    });
    assertThat(ec2.settings(M1, "us-west-2").state()).isEqualTo("audit-mode");
    assertThat(ec2.settings(M2, "us-east-1").state()).isEqualTo("disabled");
  }

  @Test
  void impactPreviewListsRunningInstancesOnImagesTheCriteriaWouldBlock() {
    inSyncEverywhere();
    Instant created = Instant.parse("2026-11-01T00:00:00Z");
    ec2.addInstance(M1, "us-east-1", Instance.running("i-0aaaaaaaaaaaaaaa1", Image.of("ami-0aaaaaaaaaaaaaaa1", "al2023-stig-high-1", CENTRAL, created)));
    ec2.addInstance(M1, "us-east-1", Instance.running("i-0aaaaaaaaaaaaaaa2", Image.of("ami-0aaaaaaaaaaaaaaa2", "amzn2-ami", "137112412989", created).withAlias("amazon")));
    ec2.addInstance(M1, "us-east-1", Instance.running("i-0aaaaaaaaaaaaaaa3", Image.of("ami-0aaaaaaaaaaaaaaa3", "vendor-cis", "679593333241", created)));
    ec2.addInstance(M1, "us-east-1", Instance.running("i-0aaaaaaaaaaaaaaa4", Image.of("ami-0aaaaaaaaaaaaaaa4", "own-golden", M1, created)));

    ReconcileResult r = invoke(handler("enforce", Map.of()), schedule());

    assertThat(target(r, M1, "us-east-1").wouldBlock()).singleElement().satisfies(w -> assertThat(w).startsWith("i-0aaaaaaaaaaaaaaa3 (ami-0aaaaaaaaaaaaaaa3)"));
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("would block in enabled mode: i-0aaaaaaaaaaaaaaa3");
  }

  static Map<String, Object> cloudTrail(String account, String region, String call) {
    return Map.of("version", "0", "id", "ct-" + call, "detail-type", "AWS API Call via CloudTrail", "source", "aws.ec2",
        "account", account, "time", "2026-12-03T10:00:00Z", "region", region, "resources", List.of(),
        "detail", Map.of("eventVersion", "1.09", "eventSource", "ec2.amazonaws.com", "eventName", call, "awsRegion", region,
            "recipientAccountId", account, "eventType", "AwsApiCall",
            "userIdentity", Map.of("type", "AssumedRole", "accountId", account, "arn", "arn:aws:sts::" + account + ":assumed-role/Admin/alice")));
  }
}
