package dev.compliantami.reaper;

import dev.compliantami.testing.FleetAwsStub;
import static dev.compliantami.reaper.Fleet.CENTRAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.FaultProfile;
import dev.compliantami.testing.FaultProxy;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * instance-reaper in enforce mode under each fault profile, on 3 accounts: 6 over-age standalone instances (terminate),
 * a group with one over-age member of three (replaced through Auto Scaling) and a group entirely over age (instance
 * refresh), with a run cap of 6 that the 9 units of work exceed. In every run: the cap holds for what reached the
 * emulator, what is reported done is done, what is reported failed is not done and is named in the digest; a second
 * run on a healthy network never acts again on what the first run did.
 */
class FaultToleranceTest {
  static final String M1 = "111111111111";
  static final String M2 = "222222222222";
  static final String E1 = "us-east-1";
  static final Instant NOW = Instant.now();
  static final Instant OLD = NOW.minus(Duration.ofDays(40));
  static final int CAP = 6;

  private LocalAws aws;
  private FleetAwsStub stub;
  private Fleet fleet;
  private SnsCapture topic;
  private FaultProxy proxy;

  static Stream<FaultProfile> profiles() {
    // besides the shared matrix, every Auto Scaling action unanswered (slow): replacements and refreshes take effect
    // while the SDK retries them
    return Stream.concat(FaultProfile.matrix(20261203, 0.2, M2).stream(),
        Stream.of(FaultProfile.slow(1, 1.0, FaultProfile.SLOW).only(FaultProfile.Scope.MUTATING).onServices("autoscaling")));
  }

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.moto().reset();
    aws.routeSdkClients();
    stub = new FleetAwsStub(aws.moto().endpoint()).routeSdkClients();
    fleet = new Fleet(aws.moto());
    topic = aws.notifications("security");
  }

  @AfterEach
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
    fleet.close();
    stub.close();
    aws.close();
  }

  private InstanceReaperHandler handler() {
    Map<String, String> env = new HashMap<>(Map.of(
        "MODE", "enforce", "AWS_REGION", E1, "NOTIFY_TOPIC_ARN", topic.topicArn(), "EVENT_BUS_NAME", aws.bus("suite").busName(),
        "POWERTOOLS_SERVICE_NAME", "instance-reaper", "BOUNDARY_ACCOUNT_IDS", CENTRAL + "," + M1 + "," + M2,
        "BOUNDARY_REGIONS", E1, "FLEET_PARALLELISM", "3", "FLEET_REQUESTS_PER_SECOND", "100"));
    env.putAll(Map.of("MAX_TERMINATION_PERCENT_PER_ACCOUNT", "100", "MAX_TERMINATIONS_PER_RUN", Integer.toString(CAP),
        "STANDALONE_ACTION", "terminate", "INSTANCE_REFRESH_THRESHOLD_PERCENT", "60"));
    return new InstanceReaperHandler(env, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static ReapResult invoke(InstanceReaperHandler h) {
    return h.handleRequest(Map.of("job", "instance-reaper", "executionId", "exec-1", "scheduledTime", "2026-12-03T06:00:00Z"),
        new LocalContext("instance-reaper", 600, 1024));
  }

  private record Seeded(Map<String, String> standalone, String replaceable, List<String> refreshed) {}

  private Seeded seed() {
    Map<String, String> standalone = new HashMap<>();
    for (String account : List.of(CENTRAL, M1, M2)) {
      for (int i = 0; i < 2; i++) {
        String id = fleet.standalone(account, E1, Map.of(), false);
        stub.age(id, OLD, OLD);
        standalone.put(id, account);
      }
    }
    List<String> rep = fleet.group(CENTRAL, E1, "rep", 3);
    stub.age(rep.get(0), OLD, OLD);
    List<String> ref = fleet.group(M1, E1, "ref", 2);
    ref.forEach(id -> stub.age(id, OLD, OLD));
    return new Seeded(standalone, rep.get(0), ref);
  }

  private boolean gone(String account, String id) {
    return Set.of(InstanceStateName.TERMINATED, InstanceStateName.SHUTTING_DOWN).contains(fleet.state(account, E1, id));
  }

  /** Units of disruptive work that reached the emulator: instances terminated or replaced, and the size of each refresh. */
  private List<String> actedOn() {
    List<String> out = new ArrayList<>();
    proxy.forwarded("TerminateInstances").forEach(c -> IntStream.rangeClosed(1, 100).mapToObj(i -> c.parameter("InstanceId." + i))
        .takeWhile(id -> id != null).forEach(out::add));
    proxy.forwarded("TerminateInstanceInAutoScalingGroup").forEach(c -> out.add(c.parameter("InstanceId")));
    proxy.forwarded("StartInstanceRefresh").forEach(c -> out.add("refresh:" + c.parameter("AutoScalingGroupName")));
    return out;
  }

  private static int cost(Set<String> units) {
    return units.stream().mapToInt(u -> u.startsWith("refresh:") ? 2 : 1).sum();
  }

  private void checkRun(int run, ReapResult r, Seeded s, Set<String> units) {
    assertThat(cost(units)).as("cap of %d on %s", CAP, units).isLessThanOrEqualTo(CAP);
    SnsCapture.Notification digest = topic.await(run, Duration.ofSeconds(10)).get(run - 1);
    for (TargetReport t : r.targets()) {
      if (t.status().equals("FAILED")) {
        assertThat(digest.message()).contains(t.accountId()).contains(t.detail());
      }
    }
    for (InstanceOutcome o : r.outcomes()) {
      String account = s.standalone().getOrDefault(o.instanceId(), o.accountId());
      switch (o.action()) {
        case "terminated", "replaced" -> assertThat(gone(account, o.instanceId())).as(o.toString()).isTrue();
        case "refresh-started" -> assertThat(stub.refreshesStarted("ref")).as(o.toString()).isNotEmpty();
        case "failed" -> {
          assertThat(o.detail()).as(o.toString()).isNotBlank();
          assertThat(digest.message()).contains(o.instanceId());
          if (o.autoScalingGroup() != null && s.refreshed().contains(o.instanceId())) {
            assertThat(stub.refreshesStarted("ref")).as("reported failed but started: " + o).isEmpty();
          } else {
            assertThat(gone(account, o.instanceId())).as("reported failed but done: " + o).isFalse();
          }
        }
        default -> assertThat(o.action()).as(o.toString()).isIn("left-for-later", "skip-refresh-in-progress", "skip-activity-in-progress");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void capsHoldWhatIsReportedIsTrueAndTheNextRunNeverActsTwice(FaultProfile profile) {
    Seeded s = seed();
    proxy = FaultProxy.start(profile).routeSdkClients();
    InstanceReaperHandler h = handler();

    ReapResult first = invoke(h);

    List<String> firstUnits = actedOn();
    if (profile.slow() == 0) {
      assertThat(firstUnits).doesNotHaveDuplicates();
    }
    checkRun(1, first, s, new HashSet<>(firstUnits));
    if (profile.name().equals("unassumable")) {
      assertThat(first.targets()).filteredOn(t -> t.accountId().equals(M2)).singleElement()
          .satisfies(t -> assertThat(t.status() + " " + t.detail()).startsWith("FAILED").contains("AccessDenied"));
      s.standalone().forEach((id, account) -> {
        if (account.equals(M2)) {
          assertThat(gone(account, id)).isFalse();
        }
      });
    }
    // nothing over age silently dropped: each is in an outcome, or its account/region is reported failed
    Set<String> reported = new HashSet<>();
    first.outcomes().forEach(o -> reported.add(o.instanceId()));
    Set<String> failedAccounts = new HashSet<>();
    first.targets().stream().filter(t -> t.status().equals("FAILED")).forEach(t -> failedAccounts.add(t.accountId()));
    s.standalone().forEach((id, account) -> assertThat(reported.contains(id) || failedAccounts.contains(account)).as(id).isTrue());

    String tally = proxy.tally().toString();
    stub.completeActivities();
    proxy.profile(FaultProfile.none());
    proxy.clearCalls();
    ReapResult second = invoke(h);

    Set<String> secondUnits = new HashSet<>(actedOn());
    assertThat(actedOn()).doesNotHaveDuplicates();
    checkRun(2, second, s, secondUnits);
    assertThat(secondUnits).as("acted on again").noneMatch(firstUnits::contains);
    System.out.printf("FAULT|instance-reaper|%s|calls=%s|firstRun=%s|secondRun=%s%n", profile, tally,
        actions(first), actions(second));
  }

  private static Map<String, Long> actions(ReapResult r) {
    return r.outcomes().stream().collect(java.util.stream.Collectors.groupingBy(InstanceOutcome::action, java.util.TreeMap::new,
        java.util.stream.Collectors.counting()));
  }
}
