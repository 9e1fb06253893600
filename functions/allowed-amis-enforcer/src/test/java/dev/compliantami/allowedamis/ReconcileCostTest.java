package dev.compliantami.allowedamis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.Ec2AllowedImagesStub;
import dev.compliantami.testing.LocalAws;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a reconciliation of a boundary of 20 accounts × 3 regions costs in API calls (SDK execution
 * interceptor on every client) and takes against the emulator — printed, never asserted as time.
 */
class ReconcileCostTest {

  @Test
  void twentyAccountsThreeRegions() {
    try (LocalAws aws = LocalAws.start(); Ec2AllowedImagesStub ec2 = Ec2AllowedImagesStub.start(aws.moto()).routeSdkClients()) {
      aws.routeSdkClients();
      ec2.routeSdkClients();
      String accounts = "123456789012," + IntStream.rangeClosed(1, 19).mapToObj(i -> String.format("4000000000%02d", i)).collect(Collectors.joining(","));
      AllowedAmisEnforcerHandler h = new AllowedAmisEnforcerHandler(Map.of("MODE", "enforce", "AWS_REGION", "us-east-1",
          "NOTIFY_TOPIC_ARN", aws.notifications("security").topicArn(), "EVENT_BUS_NAME", aws.bus("suite").busName(),
          "POWERTOOLS_SERVICE_NAME", "allowed-amis-enforcer", "FACTORY_ACCOUNT_ID", "123456789012",
          "BOUNDARY_ACCOUNT_IDS", accounts, "BOUNDARY_REGIONS", "us-east-1,us-west-2,eu-west-1", "FLEET_REQUESTS_PER_SECOND", "100"));
      Map<String, Object> schedule = Map.of("job", "allowed-amis-reconcile", "executionId", "cost", "scheduledTime", "2026-12-03T00:00:00Z");

      CallCounter.reset();
      long t0 = System.nanoTime();
      ReconcileResult first = h.handleRequest(schedule, new LocalContext("allowed-amis-enforcer", 600, 1024));
      long firstMs = (System.nanoTime() - t0) / 1_000_000;
      Map<String, Integer> firstCalls = CallCounter.snapshot();

      CallCounter.reset();
      t0 = System.nanoTime();
      ReconcileResult second = h.handleRequest(schedule, new LocalContext("allowed-amis-enforcer", 600, 1024));
      long secondMs = (System.nanoTime() - t0) / 1_000_000;
      Map<String, Integer> secondCalls = CallCounter.snapshot();

      System.out.printf("20 accounts x 3 regions, nothing set yet: %d ms, %d API calls %s%n", firstMs, total(firstCalls), firstCalls);
      System.out.printf("20 accounts x 3 regions, in sync: %d ms, %d API calls %s%n", secondMs, total(secondCalls), secondCalls);
      assertThat(first.targets()).hasSize(60).extracting(TargetOutcome::action).containsOnly("CHANGED");
      assertThat(second.targets()).extracting(TargetOutcome::action).containsOnly("IN_SYNC");
      assertThat(secondCalls).containsEntry("Ec2:GetAllowedImagesSettings", 60).containsEntry("Ec2:DescribeInstanceImageMetadata", 60)
          .doesNotContainKeys("Ec2:ReplaceImageCriteriaInAllowedImagesSettings", "Ec2:EnableAllowedImagesSettings");
      assertThat(firstCalls).containsEntry("Ec2:ReplaceImageCriteriaInAllowedImagesSettings", 60).containsEntry("Ec2:GetAllowedImagesSettings", 120);
    }
  }

  private static int total(Map<String, Integer> calls) {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }
}
