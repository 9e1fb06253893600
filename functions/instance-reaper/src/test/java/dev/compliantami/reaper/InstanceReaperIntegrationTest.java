package dev.compliantami.reaper;

import dev.compliantami.testing.FleetAwsStub;
import static dev.compliantami.reaper.Fleet.CENTRAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.EventCapture;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * instance-reaper against moto (EC2, Auto Scaling, STS, SNS, EventBridge) behind {@link FleetAwsStub} (instance
 * refreshes, scaling activities, aged launch/attach times, a missing member role): accounts CENTRAL and M1, regions
 * us-east-1 and us-west-2; M2 when a member role is missing.
 */
class InstanceReaperIntegrationTest {
  static final String M1 = "111111111111";
  static final String M2 = "222222222222";
  static final String E1 = "us-east-1";
  static final String W2 = "us-west-2";
  static final Instant NOW = Instant.now();
  static final Instant OLD = NOW.minus(Duration.ofDays(40));

  private LocalAws aws;
  private FleetAwsStub stub;
  private Fleet fleet;
  private SnsCapture topic;
  private EventCapture bus;

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.moto().reset();
    aws.routeSdkClients();
    stub = new FleetAwsStub(aws.moto().endpoint()).routeSdkClients();
    fleet = new Fleet(aws.moto());
    topic = aws.notifications("security");
    bus = aws.bus("suite");
  }

  @AfterEach
  void tearDown() {
    fleet.close();
    stub.close();
    aws.close();
  }

  private InstanceReaperHandler handler(String mode, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(Map.of(
        "MODE", mode, "AWS_REGION", E1, "NOTIFY_TOPIC_ARN", topic.topicArn(), "EVENT_BUS_NAME", bus.busName(),
        "POWERTOOLS_SERVICE_NAME", "instance-reaper", "BOUNDARY_ACCOUNT_IDS", CENTRAL + "," + M1,
        "BOUNDARY_REGIONS", E1 + "," + W2, "FLEET_PARALLELISM", "2", "FLEET_REQUESTS_PER_SECOND", "100"));
    env.putAll(Map.of("MAX_TERMINATION_PERCENT_PER_ACCOUNT", "100", "MAX_TERMINATIONS_PER_RUN", "20"));
    env.putAll(overrides);
    return new InstanceReaperHandler(env, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static ReapResult invoke(InstanceReaperHandler h) {
    return h.handleRequest(Map.of("job", "instance-reaper", "executionId", "exec-1", "scheduledTime", "2026-12-03T06:00:00Z"),
        new LocalContext("instance-reaper", 600, 1024));
  }

  private static InstanceOutcome outcome(ReapResult r, String id) {
    return r.outcomes().stream().filter(o -> o.instanceId().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no outcome for " + id + " in " + r));
  }

  private void old(String... ids) {
    for (String id : ids) {
      stub.age(id, OLD, OLD);
    }
  }

  /** The mixed boundary of the enforce and dry-run tests. */
  private record Mixed(List<String> web, String pet, String restarted, String stopGuarded, List<String> sick, List<String> busy,
      String exempt, String expired, String noReason, String nearing, String young) {}

  private Mixed mixed() {
    List<String> web = fleet.group(CENTRAL, E1, "web-c", 2);
    old(web.toArray(String[]::new));
    String pet = fleet.standalone(CENTRAL, E1, Map.of("Name", "pet"), false);
    old(pet);
    String restarted = fleet.standalone(CENTRAL, E1, Map.of(), false);
    stub.age(restarted, NOW.minus(Duration.ofDays(45)), NOW.minus(Duration.ofDays(1))); // stopped and started yesterday
    String stopGuarded = fleet.standalone(CENTRAL, W2, Map.of(), true);
    old(stopGuarded);
    List<String> sick = fleet.group(M1, W2, "api-m1", 2);
    old(sick.toArray(String[]::new));
    fleet.autoScaling(M1, W2).setInstanceHealth(r -> r.instanceId(sick.get(0)).healthStatus("Unhealthy"));
    List<String> busy = fleet.group(M1, E1, "batch-m1", 1);
    old(busy.toArray(String[]::new));
    stub.refreshInProgress("batch-m1");
    LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    String exempt = fleet.standalone(M1, E1, Map.of("compliant-ami:exempt-until", today.plusDays(10).toString(), "compliant-ami:exempt-reason", "CHG-42 vendor appliance"), false);
    String expired = fleet.standalone(M1, E1, Map.of("compliant-ami:exempt-until", today.minusDays(1).toString(), "compliant-ami:exempt-reason", "old ticket"), false);
    String noReason = fleet.standalone(M1, E1, Map.of("compliant-ami:exempt-until", today.plusDays(10).toString()), false);
    old(exempt, expired, noReason);
    String nearing = fleet.standalone(M1, E1, Map.of(), false);
    stub.age(nearing, NOW.minus(Duration.ofDays(28)), NOW.minus(Duration.ofDays(28)));
    String young = fleet.standalone(M1, E1, Map.of(), false);
    return new Mixed(web, pet, restarted, stopGuarded, sick, busy, exempt, expired, noReason, nearing, young);
  }

  @Test
  void enforceReplacesThroughAutoScalingStopsStandaloneAndSkipsWhatMustNotBeTouched() {
    Mixed m = mixed();

    ReapResult r = invoke(handler("enforce", Map.of("STANDALONE_ACTION", "stop")));

    // healthy group: one replacement (oldest first, MaxReplacementsPerGroup=1), the other left for later
    assertThat(m.web().stream().map(id -> outcome(r, id).action())).containsExactlyInAnyOrder("replaced", "left-for-later");
    String replaced = m.web().stream().filter(id -> outcome(r, id).action().equals("replaced")).findFirst().orElseThrow();
    assertThat(fleet.state(CENTRAL, E1, replaced)).isIn(InstanceStateName.TERMINATED, InstanceStateName.SHUTTING_DOWN);
    assertThat(fleet.describe(CENTRAL, E1, "web-c").desiredCapacity()).isEqualTo(2);
    assertThat(fleet.members(CENTRAL, E1, "web-c")).hasSize(2).doesNotContain(replaced);
    assertThat(stub.calls()).filteredOn(c -> c.action().equals("TerminateInstanceInAutoScalingGroup")).singleElement()
        .satisfies(c -> assertThat(c.params()).containsEntry("ShouldDecrementDesiredCapacity", "false"));
    assertThat(stub.calls()).noneMatch(c -> c.action().equals("TerminateInstances"));

    // standalone: stopped; a recent LaunchTime does not hide an old first launch
    assertThat(outcome(r, m.pet()).action()).isEqualTo("stopped");
    assertThat(fleet.state(CENTRAL, E1, m.pet())).isEqualTo(InstanceStateName.STOPPED);
    InstanceOutcome restarted = outcome(r, m.restarted());
    assertThat(restarted.action()).isEqualTo("stopped");
    assertThat(restarted.ageDays()).isEqualTo(45);
    assertThat(restarted.basis()).isEqualTo("primary-eni-attach-time");
    assertThat(outcome(r, m.stopGuarded()).action()).isEqualTo("skip-protected");
    assertThat(fleet.state(CENTRAL, W2, m.stopGuarded())).isEqualTo(InstanceStateName.RUNNING);

    // unhealthy group, refresh in progress: untouched
    m.sick().forEach(id -> assertThat(outcome(r, id).action()).isEqualTo("skip-group-unhealthy"));
    assertThat(fleet.members(M1, W2, "api-m1")).containsExactlyElementsOf(m.sick());
    assertThat(outcome(r, m.busy().get(0)).action()).isEqualTo("skip-refresh-in-progress");
    assertThat(stub.calls()).as("instance refreshes are read only for the groups the plan acts through, not the unhealthy api-m1")
        .filteredOn(c -> c.action().equals("DescribeInstanceRefreshes")).extracting(c -> c.params().get("AutoScalingGroupName"))
        .containsExactlyInAnyOrder("web-c", "batch-m1");

    // exemptions: valid honoured; expired and reason-less reported and not honoured
    assertThat(outcome(r, m.exempt()).action()).isEqualTo("exempt");
    assertThat(fleet.state(M1, E1, m.exempt())).isEqualTo(InstanceStateName.RUNNING);
    assertThat(outcome(r, m.expired()).action()).isEqualTo("stopped");
    assertThat(outcome(r, m.expired()).detail()).contains("EXEMPTION_EXPIRED");
    assertThat(outcome(r, m.noReason()).detail()).contains("EXEMPTION_NO_REASON");
    TargetReport m1e1 = r.targets().stream().filter(t -> t.accountId().equals(M1) && t.region().equals(E1)).findFirst().orElseThrow();
    assertThat(m1e1.brokenExemptions()).hasSize(2);

    // warnings ahead; the young one is not mentioned
    assertThat(m1e1.warnings()).singleElement().satisfies(w -> {
      assertThat(w.instanceId()).isEqualTo(m.nearing());
      assertThat(w.replacementDue()).isEqualTo(LocalDate.ofInstant(NOW.minus(Duration.ofDays(28)).plus(Duration.ofDays(31)), ZoneOffset.UTC).toString());
    });
    assertThat(r.outcomes()).noneMatch(o -> o.instanceId().equals(m.young()) || o.instanceId().equals(m.nearing()));

    // one event per account/region, one digest
    List<JsonNode> events = bus.await(4, Duration.ofSeconds(10));
    assertThat(events).hasSize(4).allSatisfy(e -> {
      assertThat(e.get("detail-type").asText()).isEqualTo("Overage Instances Handled");
      assertThat(e.get("detail").get("dryRun").asBoolean()).isFalse();
      assertThat(e.get("detail").get("maxAgeDays").asInt()).isEqualTo(30);
    });
    JsonNode central = events.stream().filter(e -> e.get("detail").get("accountId").asText().equals(CENTRAL)
        && e.get("detail").get("region").asText().equals(E1)).findFirst().orElseThrow();
    assertThat(central.get("detail").get("capped").asBoolean()).isTrue();
    assertThat(central.get("detail").get("instances")).hasSize(4);
    var mails = topic.await(1, Duration.ofSeconds(10));
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).subject()).contains("10 over age, 5 handled, 1 later, 0 failed, 1 due soon");
    assertThat(mails.get(0).message()).contains("coming due: " + M1 + "/" + E1 + " " + m.nearing()).contains("exemption not honoured");
  }

  @Test
  void dryRunMakesNoMutatingCallAndListsWhatItWouldDo() {
    Mixed m = mixed();

    ReapResult r = invoke(handler("dry-run", Map.of("STANDALONE_ACTION", "stop")));

    assertThat(stub.mutatingCalls()).isEmpty();
    assertThat(m.web().stream().map(id -> outcome(r, id).action())).containsExactlyInAnyOrder("would-replace", "left-for-later");
    assertThat(outcome(r, m.pet()).action()).isEqualTo("would-stop");
    assertThat(outcome(r, m.stopGuarded()).action()).as("the preview reads protection too").isEqualTo("skip-protected");
    assertThat(fleet.state(CENTRAL, E1, m.pet())).isEqualTo(InstanceStateName.RUNNING);
    assertThat(bus.await(4, Duration.ofSeconds(10))).allSatisfy(e -> assertThat(e.get("detail").get("dryRun").asBoolean()).isTrue());
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("dry-run mode: nothing was changed").contains("would-replace");
  }

  @Test
  void capsLeaveTheRestForLaterOldestFirst() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = fleet.standalone(CENTRAL, E1, Map.of(), false);
      stub.age(id, NOW.minus(Duration.ofDays(40 + i)), NOW.minus(Duration.ofDays(40 + i)));
      ids.add(id);
    }

    ReapResult r = invoke(handler("enforce", Map.of("STANDALONE_ACTION", "terminate", "MAX_TERMINATIONS_PER_RUN", "2")));

    assertThat(outcome(r, ids.get(4)).action()).isEqualTo("terminated");
    assertThat(outcome(r, ids.get(3)).action()).isEqualTo("terminated");
    for (String id : ids.subList(0, 3)) {
      assertThat(outcome(r, id).action()).isEqualTo("left-for-later");
      assertThat(outcome(r, id).detail()).contains("MaxTerminationsPerRun");
      assertThat(fleet.state(CENTRAL, E1, id)).isEqualTo(InstanceStateName.RUNNING);
    }
    assertThat(stub.mutatingCalls()).hasSize(2);
    assertThat(r.targets()).filteredOn(t -> t.accountId().equals(CENTRAL) && t.region().equals(E1)).singleElement()
        .satisfies(t -> assertThat(t.capped()).isTrue());
  }

  @Test
  void accountPercentageCap() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = fleet.standalone(M1, W2, Map.of(), false);
      old(id);
      ids.add(id);
    }

    ReapResult r = invoke(handler("enforce", Map.of("STANDALONE_ACTION", "terminate", "MAX_TERMINATION_PERCENT_PER_ACCOUNT", "50")));

    assertThat(ids.stream().map(id -> outcome(r, id).action())).containsExactlyInAnyOrder("terminated", "terminated", "left-for-later", "left-for-later");
  }

  @Test
  void redeliveryOfTheSameScheduleEventReplacesNothingTwice() {
    List<String> web = fleet.group(CENTRAL, E1, "web-r", 3);
    old(web.toArray(String[]::new));
    String pet = fleet.standalone(CENTRAL, E1, Map.of(), false);
    old(pet);
    InstanceReaperHandler h = handler("enforce", Map.of("STANDALONE_ACTION", "stop"));

    ReapResult first = invoke(h);
    ReapResult second = invoke(h);

    assertThat(first.count("replaced")).isEqualTo(1);
    assertThat(first.count("stopped")).isEqualTo(1);
    assertThat(second.count("replaced")).isZero();
    assertThat(second.outcomes()).filteredOn(o -> web.contains(o.instanceId())).extracting(InstanceOutcome::action)
        .containsOnly("skip-activity-in-progress", "left-for-later");
    assertThat(outcome(second, pet).action()).isEqualTo("already-stopped");
    assertThat(stub.calls()).filteredOn(c -> c.action().equals("TerminateInstanceInAutoScalingGroup")).hasSize(1);
    assertThat(stub.calls()).filteredOn(c -> c.action().equals("StopInstances")).hasSize(1);

    stub.completeActivities(); // the replacement is in service: the next day's run takes the next one
    ReapResult nextDay = invoke(h);
    assertThat(nextDay.count("replaced")).isEqualTo(1);
    assertThat(fleet.describe(CENTRAL, E1, "web-r").instances()).hasSize(3);
  }

  @Test
  void instanceRefreshWhenMostOfTheGroupIsOverAge() {
    List<String> fleetGroup = fleet.group(M1, E1, "fleet-m1", 2);
    old(fleetGroup.toArray(String[]::new));

    ReapResult r = invoke(handler("enforce", Map.of("INSTANCE_REFRESH_THRESHOLD_PERCENT", "50")));

    assertThat(fleetGroup.stream().map(id -> outcome(r, id).action())).containsOnly("refresh-started");
    assertThat(stub.refreshesStarted("fleet-m1")).hasSize(1);
    assertThat(stub.calls()).filteredOn(c -> c.action().equals("StartInstanceRefresh")).singleElement().satisfies(c -> {
      assertThat(c.params()).containsEntry("Preferences.MinHealthyPercentage", "90").containsEntry("Preferences.ScaleInProtectedInstances", "Ignore");
    });
    assertThat(invoke(handler("enforce", Map.of("INSTANCE_REFRESH_THRESHOLD_PERCENT", "50"))).outcomes())
        .filteredOn(o -> fleetGroup.contains(o.instanceId())).extracting(InstanceOutcome::action).containsOnly("skip-refresh-in-progress");
  }

  @Test
  void protectedFromTerminationAndAnExemptionAppearingBeforeTheActionAreRespected() {
    String guarded = fleet.standalone(CENTRAL, E1, Map.of(), false);
    fleet.terminationProtect(CENTRAL, E1, guarded);
    String late = fleet.standalone(CENTRAL, E1, Map.of(), false);
    old(guarded, late);
    stub.onRedescribe(() -> fleet.tag(CENTRAL, E1, late, Map.of("compliant-ami:exempt-until",
        LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(3).toString(), "compliant-ami:exempt-reason", "INC-7 under investigation")));

    ReapResult r = invoke(handler("enforce", Map.of("STANDALONE_ACTION", "terminate")));

    assertThat(outcome(r, guarded).action()).isEqualTo("skip-protected");
    assertThat(outcome(r, guarded).detail()).contains("disableApiTermination");
    assertThat(outcome(r, late).action()).isEqualTo("skip-changed");
    assertThat(outcome(r, late).detail()).contains("an exemption appeared");
    assertThat(fleet.state(CENTRAL, E1, guarded)).isEqualTo(InstanceStateName.RUNNING);
    assertThat(fleet.state(CENTRAL, E1, late)).isEqualTo(InstanceStateName.RUNNING);
    assertThat(stub.mutatingCalls()).isEmpty();
  }

  @Test
  void memberWhoseRoleIsMissingIsReportedAndTheOthersAreHandled() {
    String pet = fleet.standalone(CENTRAL, E1, Map.of(), false);
    String other = fleet.standalone(M1, W2, Map.of(), false);
    old(pet, other);
    stub.denyAssumeRole(M2);

    ReapResult r = invoke(handler("enforce", Map.of("STANDALONE_ACTION", "terminate", "BOUNDARY_ACCOUNT_IDS", CENTRAL + "," + M1 + "," + M2)));

    assertThat(r.targets()).filteredOn(t -> t.status().equals("FAILED")).hasSize(2)
        .allSatisfy(t -> {
          assertThat(t.accountId()).isEqualTo(M2);
          assertThat(t.detail()).startsWith("AccessDenied");
        });
    assertThat(outcome(r, pet).action()).isEqualTo("terminated");
    assertThat(outcome(r, other).action()).isEqualTo("terminated");
    assertThat(bus.await(4, Duration.ofSeconds(10))).hasSize(4);
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).messageAttributes()).containsEntry("severity", "WARNING");
  }
}
