package dev.compliantami.launch;

import static dev.compliantami.launch.LaunchFixture.CENTRAL;
import static dev.compliantami.launch.LaunchFixture.M1;
import static dev.compliantami.launch.LaunchFixture.M2;
import static dev.compliantami.launch.LaunchFixture.image;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.Ec2AllowedImagesStub.Image;
import dev.compliantami.testing.FaultProfile;
import dev.compliantami.testing.FaultProxy;
import dev.compliantami.testing.SnsCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * launch-auditor with {@code terminate} under each fault profile: a batch of violating launches in 3 accounts (standalone
 * instances, terminated; one Auto Scaling member, marked unhealthy). Every violator is acted on or its message is
 * handed back to SQS (batchItemFailures) with the failure in the digest; no instance is terminated or marked twice except
 * by the SDK's retry of the same request; redelivering the whole batch on a healthy network finishes exactly what was
 * left.
 */
class FaultToleranceTest {
  private LaunchFixture f;
  private FaultProxy proxy;

  /** Besides the shared matrix: every Auto Scaling action unanswered (slow), so the unhealthy marks take effect unseen. */
  static Stream<FaultProfile> profiles() {
    return Stream.concat(FaultProfile.matrix(20261203, 0.2, M2).stream(),
        Stream.of(FaultProfile.slow(1, 1.0, FaultProfile.SLOW).only(FaultProfile.Scope.MUTATING).onServices("autoscaling")));
  }

  @BeforeEach
  void setUp() {
    f = new LaunchFixture();
  }

  @AfterEach
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
    f.close();
  }

  /** instance id -> account; the group member is the last one of CENTRAL. */
  private Map<String, String> seedViolators() {
    Map<String, String> launched = new LinkedHashMap<>();
    int n = 0;
    for (String account : List.of(CENTRAL, M1, M2)) {
      for (int i = 0; i < 2; i++) {
        Image vendor = image(String.format("ami-0d00000000000%04d", n++), "679593333241", 10);
        launched.put(f.launch(account, vendor, Map.of(), false, false), account);
      }
    }
    try (AutoScalingClient asg = f.autoscaling(CENTRAL)) {
      asg.createLaunchConfiguration(r -> r.launchConfigurationName("lc").imageId("ami-0d0000000000000ff").instanceType("t3.micro"));
      asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("lc").minSize(1).maxSize(2).desiredCapacity(1)
          .availabilityZones("us-east-1a"));
      String member = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web")).autoScalingGroups().get(0).instances().get(0).instanceId();
      f.seed(CENTRAL, member, image("ami-0d0000000000000ff", "679593333241", 10));
      launched.put(member, CENTRAL);
    }
    return launched;
  }

  private boolean actedOn(String account, String id) {
    if (Set.of("shutting-down", "terminated").contains(f.state(account, id))) {
      return true;
    }
    try (AutoScalingClient asg = f.autoscaling(account)) {
      return asg.describeAutoScalingInstances(r -> r.instanceIds(id)).autoScalingInstances().stream()
          .anyMatch(i -> "unhealthy".equalsIgnoreCase(i.healthStatus()));
    }
  }

  private static String acted(FaultProxy.Call c) {
    return c.operation().equals("SetInstanceHealth") ? c.parameter("InstanceId") : c.parameter("InstanceId.1");
  }

  private List<String> actionsReached() {
    return Stream.of("TerminateInstances", "SetInstanceHealth").flatMap(op -> proxy.forwarded(op).stream()).map(FaultToleranceTest::acted).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void everyViolatorIsActedOnOrHandedBackAndARedeliveryFinishesOnlyTheRest(FaultProfile profile) {
    Map<String, String> launched = seedViolators();
    List<String[]> messages = launched.entrySet().stream().map(e -> new String[] {e.getValue(), e.getKey(), "running"}).toList();
    Map<String, Object> batch = LaunchFixture.batch(messages);
    proxy = FaultProxy.start(profile).routeSdkClients();
    LaunchAuditorHandler h = f.handler("enforce", "terminate", Map.of());

    LaunchAuditResult first = LaunchFixture.invoke(h, batch);

    Set<String> retried = first.batchItemFailures().stream().map(LaunchAuditResult.BatchItemFailure::itemIdentifier).collect(Collectors.toSet());
    SnsCapture.Notification digest = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    List<String> notDone = new ArrayList<>();
    for (Map.Entry<String, String> e : launched.entrySet()) {
      String id = e.getKey();
      String message = "msg-" + id + "-running";
      if (actedOn(e.getValue(), id)) {
        continue;
      }
      notDone.add(id);
      // not done: the message goes back to the queue, and the digest says why
      assertThat(retried).as(id + " not acted on but not retried").contains(message);
      String reason = first.failed().stream().filter(x -> x.messageId().equals(message)).findFirst().orElseThrow().reason();
      InstanceVerdict v = first.verdicts().stream().filter(x -> x.instanceId().equals(id)).findFirst().orElse(null);
      if (v != null) {
        assertThat(v.error()).as(id).isNotNull();
        assertThat(digest.message()).contains(id).contains(v.error());
      } else {
        assertThat(digest.message()).contains("not audited, retried: " + e.getValue());
        assertThat(reason).isNotBlank();
      }
    }
    if (profile.slow() == 1.0) { // only SetInstanceHealth was slow: the mark took effect, so it is reported done, not retried
      String member = launched.keySet().stream().reduce((a, b) -> b).orElseThrow();
      InstanceVerdict v = first.verdicts().stream().filter(x -> x.instanceId().equals(member)).findFirst().orElseThrow();
      assertThat(v.error()).as("unanswered but effective unhealthy mark").isNull();
      assertThat(v.action()).isEqualTo("terminated");
      assertThat(retried).doesNotContain("msg-" + member + "-running");
    }
    if (profile.name().equals("unassumable")) {
      assertThat(notDone).containsExactlyInAnyOrderElementsOf(
          launched.entrySet().stream().filter(e -> e.getValue().equals(M2)).map(Map.Entry::getKey).toList());
      assertThat(first.failed()).filteredOn(x -> retried.contains(x.messageId())).allSatisfy(x -> assertThat(x.reason()).contains("AccessDenied"));
    }
    // nothing doubled: an instance is acted on twice only as the SDK's retry of the same (idempotent) request
    List<String> firstActions = actionsReached();
    if (profile.slow() == 0) {
      assertThat(firstActions).doesNotHaveDuplicates();
    }
    assertThat(new HashSet<>(firstActions)).allSatisfy(id -> assertThat(launched).containsKey(id));

    String tally = proxy.tally().toString();
    proxy.profile(FaultProfile.none());
    proxy.clearCalls();
    LaunchAuditResult replay = LaunchFixture.invoke(h, batch);

    assertThat(replay.batchItemFailures()).isEmpty();
    launched.forEach((id, account) -> assertThat(actedOn(account, id)).as(id).isTrue());
    assertThat(actionsReached()).as("acted on again on redelivery").containsExactlyInAnyOrderElementsOf(notDone);
    System.out.printf("FAULT|launch-auditor|%s|calls=%s|notDoneFirstRun=%d%n", profile, tally, notDone.size());
  }
}
