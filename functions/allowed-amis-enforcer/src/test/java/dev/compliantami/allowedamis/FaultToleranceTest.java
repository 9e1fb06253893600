package dev.compliantami.allowedamis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.Ec2AllowedImagesStub;
import dev.compliantami.testing.FaultProfile;
import dev.compliantami.testing.FaultProxy;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * allowed-amis-enforcer under each fault profile (throttling, 5xx, connection resets, answers slower than the client's
 * attempt timeout, a member whose role cannot be assumed) on 3 accounts × 2 regions where nothing is set yet: every
 * account/region is repaired or reported as failed (result and notification), no write is repeated except as the SDK's
 * retry of the same request, and a replay on a healthy network repairs what failed and rewrites nothing else.
 */
class FaultToleranceTest {
  static final String CENTRAL = "123456789012";
  static final String M1 = "111111111111";
  static final String M2 = "222222222222";
  static final List<String> ACCOUNTS = List.of(CENTRAL, M1, M2);
  static final List<String> REGIONS = List.of("us-east-1", "us-west-2");

  private LocalAws aws;
  private Ec2AllowedImagesStub ec2;
  private SnsCapture topic;
  private FaultProxy proxy;

  static Stream<FaultProfile> profiles() {
    return FaultProfile.matrix(20261203, 0.2, M2).stream();
  }

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.routeSdkClients();
    ec2 = Ec2AllowedImagesStub.start(aws.moto()).routeSdkClients();
    topic = aws.notifications("security");
  }

  @AfterEach
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
    ec2.close();
    aws.close();
  }

  private AllowedAmisEnforcerHandler handler() {
    return new AllowedAmisEnforcerHandler(new HashMap<>(Map.of(
        "MODE", "enforce", "AWS_REGION", "us-east-1", "NOTIFY_TOPIC_ARN", topic.topicArn(),
        "EVENT_BUS_NAME", aws.bus("suite").busName(), "POWERTOOLS_SERVICE_NAME", "allowed-amis-enforcer",
        "FACTORY_ACCOUNT_ID", CENTRAL, "BOUNDARY_ACCOUNT_IDS", String.join(",", ACCOUNTS),
        "BOUNDARY_REGIONS", String.join(",", REGIONS), "FLEET_PARALLELISM", "3", "FLEET_REQUESTS_PER_SECOND", "100")));
  }

  private static ReconcileResult invoke(AllowedAmisEnforcerHandler h) {
    return h.handleRequest(Map.of("job", "allowed-amis-reconcile", "executionId", "exec-1", "scheduledTime", "2026-12-03T00:00:00Z"),
        new LocalContext("allowed-amis-enforcer", 600, 1024));
  }

  private boolean desired(TargetOutcome t) {
    Ec2AllowedImagesStub.Settings s = ec2.settings(t.accountId(), t.region());
    return s.state().equals("audit-mode") && s.criteria().size() == 1
        && s.criteria().get(0).imageProviders().containsAll(List.of("amazon", CENTRAL)) && s.criteria().get(0).imageProviders().size() == 2;
  }

  private List<Ec2AllowedImagesStub.Write> succeeded(TargetOutcome t) {
    return ec2.writes(t.accountId(), t.region()).stream().filter(Ec2AllowedImagesStub.Write::succeeded).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void everyTargetIsRepairedOrReportedAndAReplayRepairsOnlyWhatFailed(FaultProfile profile) {
    proxy = FaultProxy.start(profile).routeSdkClients();
    AllowedAmisEnforcerHandler h = handler();

    ReconcileResult first = invoke(h);

    // nothing lost: every account/region is in the result, either repaired (and so in the emulator) or failed
    assertThat(first.targets()).hasSize(6);
    for (TargetOutcome t : first.targets()) {
      assertThat(t.action()).as(t.line()).isIn("CHANGED", "FAILED", "VERIFY_FAILED");
      if (t.action().equals("CHANGED")) {
        assertThat(desired(t)).as(t.line()).isTrue();
      } else {
        assertThat(t.detail()).as(t.line()).isNotBlank();
      }
    }
    List<TargetOutcome> failed = first.targets().stream().filter(t -> !t.action().equals("CHANGED")).toList();
    if (profile.name().equals("unassumable")) {
      assertThat(failed).extracting(TargetOutcome::accountId).containsOnly(M2).hasSize(2);
      assertThat(failed).allSatisfy(t -> assertThat(t.detail()).startsWith("AccessDenied"));
      assertThat(ec2.writes(M2, "us-east-1")).isEmpty();
    }
    // what failed is said exactly: the count in the subject, each failed account/region with its reason in the body
    SnsCapture.Notification n = topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains(first.count("CHANGED") + " repaired, " + failed.size() + " failed");
    failed.forEach(t -> assertThat(n.message()).contains(t.accountId() + "/" + t.region() + ": " + t.action()).contains(t.detail()));
    // nothing doubled: a write reaches the emulator twice only as the SDK's retry of the very same request (slow answers)
    for (TargetOutcome t : first.targets()) {
      Map<String, List<Map<String, String>>> byAction = succeeded(t).stream()
          .collect(Collectors.groupingBy(Ec2AllowedImagesStub.Write::action, Collectors.mapping(w -> withoutNoise(w.parameters()), Collectors.toList())));
      byAction.forEach((action, requests) -> {
        assertThat(requests.stream().distinct()).as(t.line() + " " + action).hasSize(1);
        if (profile.slow() == 0) {
          assertThat(requests).as(t.line() + " " + action).hasSize(1);
        }
      });
    }

    Map<String, Integer> writesBefore = first.targets().stream()
        .collect(Collectors.toMap(t -> t.accountId() + "/" + t.region(), t -> succeeded(t).size()));
    String tally = proxy.tally().toString();
    proxy.profile(FaultProfile.none());
    ReconcileResult replay = invoke(h);

    for (TargetOutcome t : replay.targets()) {
      String label = t.accountId() + "/" + t.region();
      boolean failedBefore = failed.stream().anyMatch(f -> (f.accountId() + "/" + f.region()).equals(label));
      assertThat(t.action()).as(label).isEqualTo(failedBefore ? "CHANGED" : "IN_SYNC");
      assertThat(desired(t)).as(label).isTrue();
      if (!failedBefore) {
        assertThat(succeeded(t)).as(label + " rewritten on replay").hasSize(writesBefore.get(label));
      }
    }
    System.out.printf("FAULT|allowed-amis-enforcer|%s|calls=%s|failedFirstRun=%d%n", profile, tally, failed.size());
  }

  private static Map<String, String> withoutNoise(Map<String, String> parameters) {
    Map<String, String> p = new HashMap<>(parameters);
    p.keySet().removeIf(k -> k.equals("Version"));
    return p;
  }
}
