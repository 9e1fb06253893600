package dev.compliantami.allowedamis;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.Ec2AllowedImagesStub;
import dev.compliantami.testing.LoadBench;
import dev.compliantami.testing.LocalAws;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Not a test: allowed-amis-enforcer on a boundary of 50 accounts × 3 regions (150 account/regions; 49 AssumeRoles),
 * against moto behind the Allowed-AMIs EC2 stub, with the template's default fleet parallelism and rate: first run with
 * nothing set (150 repairs), second run in sync. Prints the API calls and the wall time of each run against the
 * function's Timeout; asserts only the outcomes.
 */
public final class AllowedAmisLoadBench {
  public static void main(String[] args) {
    try (LocalAws aws = LocalAws.start(); Ec2AllowedImagesStub ec2 = Ec2AllowedImagesStub.start(aws.moto())) {
      aws.routeSdkClients();
      ec2.routeSdkClients();
      String accounts = "123456789012," + IntStream.rangeClosed(1, 49).mapToObj(i -> String.format("5000000000%02d", i)).collect(Collectors.joining(","));
      AllowedAmisEnforcerHandler h = new AllowedAmisEnforcerHandler(Map.of("MODE", "enforce", "AWS_REGION", "us-east-1",
          "NOTIFY_TOPIC_ARN", aws.notifications("security").topicArn(), "EVENT_BUS_NAME", aws.bus("suite").busName(),
          "POWERTOOLS_SERVICE_NAME", "allowed-amis-enforcer", "FACTORY_ACCOUNT_ID", "123456789012",
          "BOUNDARY_ACCOUNT_IDS", accounts, "BOUNDARY_REGIONS", "us-east-1,us-west-2,eu-west-1"));
      Map<String, Object> schedule = Map.of("job", "allowed-amis-reconcile", "executionId", "load", "scheduledTime", "2026-12-03T00:00:00Z");
      for (String scenario : new String[] {"50x3-nothing-set", "50x3-in-sync"}) {
        CallCounter.reset();
        long t0 = System.nanoTime();
        ReconcileResult r = h.handleRequest(schedule, new LocalContext("allowed-amis-enforcer", 600, 1024));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Integer> calls = CallCounter.snapshot();
        String want = scenario.endsWith("nothing-set") ? "CHANGED" : "IN_SYNC";
        System.out.printf("allowed-amis-enforcer %s: %d targets, %d %s; %d ms; calls %s%n", scenario, r.targets().size(), r.count(want), want, ms, calls);
        if (r.targets().size() != 150 || r.count(want) != 150) {
          throw new AssertionError(scenario + ": expected 150 " + want + ", got " + r.targets().stream().map(TargetOutcome::action).toList());
        }
        LoadBench.print("allowed-amis-enforcer", scenario, calls.values().stream().mapToInt(Integer::intValue).sum(), ms,
            "dev.compliantami.allowedamis.AllowedAmisEnforcerHandler");
      }
    }
  }

  private AllowedAmisLoadBench() {}
}
