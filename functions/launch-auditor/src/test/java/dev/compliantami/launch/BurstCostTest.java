package dev.compliantami.launch;

import static dev.compliantami.launch.LaunchFixture.M1;
import static dev.compliantami.launch.LaunchFixture.image;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.Ec2AllowedImagesStub.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A burst of 500 launches in one account/region (an Auto Scaling scale-out) in one SQS batch: the API calls it costs,
 * by kind (SDK interceptor on every client), and the batch's processing time against the emulator — printed, the
 * calls asserted against the budget (≤ 2 DescribeInstances, ≤ 10 metadata calls), the time never asserted.
 */
class BurstCostTest {

  @Test
  void fiveHundredLaunchesInOneAccountAndRegion() {
    try (LaunchFixture f = new LaunchFixture()) {
      Image vendor = image("ami-0d00000000000b001", "679593333241", 10);
      List<String> ids = new ArrayList<>();
      try (Ec2Client c = f.ec2(M1)) {
        c.runInstances(r -> r.imageId(vendor.imageId()).minCount(500).maxCount(500).instanceType("t3.micro")).instances()
            .forEach(i -> ids.add(i.instanceId()));
      }
      ids.forEach(id -> f.seed(M1, id, vendor));
      List<String[]> launches = ids.stream().map(id -> new String[] {M1, id, "running"}).toList();
      LaunchAuditorHandler h = f.handler("enforce", "notify", Map.of());

      CallCounter.reset();
      long t0 = System.nanoTime();
      LaunchAuditResult r = LaunchFixture.invoke(h, LaunchFixture.batch(launches));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Map<String, Integer> calls = CallCounter.snapshot();

      System.out.printf("500 launches, 1 account/region, one batch: %d ms, %d API calls %s%n", ms,
          calls.values().stream().mapToInt(Integer::intValue).sum(), calls);
      assertThat(r.batchItemFailures()).isEmpty();
      assertThat(r.violations()).isEqualTo(500);
      assertThat(calls.get("Ec2:DescribeInstances")).isLessThanOrEqualTo(2);
      assertThat(calls.get("Ec2:DescribeInstanceImageMetadata")).isLessThanOrEqualTo(10);
      assertThat(calls).containsEntry("Sts:AssumeRole", 1).containsEntry("Sns:Publish", 1).doesNotContainKey("Ec2:DescribeImages");
    }
  }
}
