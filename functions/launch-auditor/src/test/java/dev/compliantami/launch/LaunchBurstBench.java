package dev.compliantami.launch;

import static dev.compliantami.launch.LaunchFixture.CENTRAL;
import static dev.compliantami.launch.LaunchFixture.M1;
import static dev.compliantami.launch.LaunchFixture.M2;
import static dev.compliantami.launch.LaunchFixture.image;

import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.Ec2AllowedImagesStub.Image;
import dev.compliantami.testing.LoadBench;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Not a test: a burst of 5,000 launches (3 accounts, one region; a vendor image, so every launch is a violation and, in
 * enforce/tag mode, gets its verdict tag) handed to the handler in SQS batches of the template's default (100) and
 * maximum (1,000) LaunchAuditorBatchSize, against moto behind the Allowed-AMIs stub. Prints the API calls, the total
 * and the slowest invocation's wall time against the function's Timeout; asserts only that every launch was judged.
 * Run: {@code bin/bench --all} (its load step; see that script for the plain java command).
 */
public final class LaunchBurstBench {
  /** {@code [launches] [batch sizes]}: default 5,000 launches in batches of 100, then of 1,000. */
  public static void main(String[] args) {
    int launches = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int[] batchSizes = args.length > 1
        ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {100, 1000};
    try (LaunchFixture f = new LaunchFixture()) {
      Image vendor = image("ami-0d00000000000b501", "679593333241", 10);
      List<List<String[]>> byAccount = new ArrayList<>();
      List<String> accounts = List.of(CENTRAL, M1, M2);
      long seedStart = System.nanoTime();
      for (int a = 0; a < accounts.size(); a++) {
        String account = accounts.get(a);
        List<String[]> mine = new ArrayList<>();
        byAccount.add(mine);
        int count = launches / 3 + (a < launches % 3 ? 1 : 0);
        try (Ec2Client c = f.ec2(account)) {
          for (int done = 0; done < count; done += 1000) {
            int n = Math.min(1000, count - done);
            c.runInstances(r -> r.imageId(vendor.imageId()).minCount(n).maxCount(n).instanceType("t3.micro")).instances()
                .forEach(i -> {
                  f.seed(account, i.instanceId(), vendor);
                  mine.add(new String[] {account, i.instanceId(), "running"});
                });
          }
        }
      }
      // the accounts interleaved, as a real burst arrives
      List<String[]> burst = new ArrayList<>();
      for (int i = 0; burst.size() < launches; i++) {
        for (List<String[]> mine : byAccount) {
          if (i < mine.size()) {
            burst.add(mine.get(i));
          }
        }
      }
      System.out.printf("seeded %d instances in %d ms%n", burst.size(), (System.nanoTime() - seedStart) / 1_000_000);
      for (int batchSize : batchSizes) {
        run(f, burst, batchSize, batchSize == 100 ? "tag" : "notify");
      }
    }
  }

  private static void run(LaunchFixture f, List<String[]> burst, int batchSize, String action) {
    LaunchAuditorHandler h = f.handler("enforce", action, Map.of());
    CallCounter.reset();
    long slowest = 0;
    long total = 0;
    int judged = 0;
    int failed = 0;
    for (int from = 0; from < burst.size(); from += batchSize) {
      Map<String, Object> batch = LaunchFixture.batch(burst.subList(from, Math.min(burst.size(), from + batchSize)));
      long t0 = System.nanoTime();
      LaunchAuditResult r = LaunchFixture.invoke(h, batch);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      slowest = Math.max(slowest, ms);
      total += ms;
      judged += r.launches();
      failed += r.batchItemFailures().size();
      if (batchSize >= 1000) { // few, long invocations: show each as it ends
        System.out.printf("  batch of %d: %d ms%n", batchSize, ms);
      }
    }
    Map<String, Integer> calls = CallCounter.snapshot();
    long callCount = calls.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("launch-auditor, %d launches in batches of %d (action %s): %d judged, %d failed; all batches %d ms, slowest batch %d ms; calls %s%n",
        burst.size(), batchSize, action, judged, failed, total, slowest, calls);
    if (judged != burst.size() || failed != 0) {
      throw new AssertionError("not every launch was judged: " + judged + " of " + burst.size() + ", " + failed + " failed");
    }
    LoadBench.print("launch-auditor", "burst-" + burst.size() + "-batch-" + batchSize + "-slowest-invocation", callCount, slowest,
        "dev.compliantami.launch.LaunchAuditorHandler");
  }

  private LaunchBurstBench() {}
}
