package dev.compliantami.report;

import dev.compliantami.local.LocalContext;
import dev.compliantami.report.FleetStub.Img;
import dev.compliantami.report.FleetStub.Inst;
import dev.compliantami.report.FleetStub.Perm;
import dev.compliantami.testing.LocalAws;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark (not a test): a 100,000-instance fleet on 2,000 distinct images, 10 accounts × 2 regions, served in
 * EC2's wire format by {@link FleetStub} (in-process WireMock, request journal off) in front of moto. Prints API
 * calls by kind, wall time and peak heap of one report run. Arguments: [instances] [images] [accounts].
 * Run: {@code functions/fleet-report/bench} (README).
 */
public final class FleetReportBench {
  /** DescribeImages image ids per call, as FleetReader asks for them (the image-id filter takes 200 values). */
  private static final int IMAGE_BATCH = 200;

  private FleetReportBench() {}

  public static void main(String[] args) throws Exception {
    int instances = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int imageCount = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int accountCount = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    List<String> regions = List.of("us-east-1", "eu-west-1");
    List<String> accounts = new ArrayList<>();
    accounts.add(FleetStub.CENTRAL);
    for (int a = 1; a < accountCount; a++) {
      accounts.add(String.format("%012d", 100_000_000_000L + a));
    }
    Instant now = Instant.now();
    long floorDescribeInstances = 0;
    long floorDescribeImages = 0;
    try (LocalAws aws = LocalAws.start(); FleetStub stub = new FleetStub(aws.moto().endpoint(), false)) {
      aws.routeSdkClients();
      stub.route();
      String[] names = {"al2023-ami-2023.6-stig-high", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server", "RHEL-9.4.0_HVM",
          "Windows_Server-2022-English-Full-Base", "suse-sles-15-sp5", "debian-12-amd64"};
      String[] owners = {FleetStub.CENTRAL, "099720109477", "309956199498", "801119661308", "013907871322", "136693071363"};
      String[] aliases = {null, "amazon", "aws-marketplace", "amazon", null, null};
      List<String> imageIds = new ArrayList<>();
      for (int i = 0; i < imageCount; i++) {
        String id = String.format("ami-%017x", 0x100000L + i);
        int k = i % names.length;
        Img img = Img.of(id, regions.get(i % regions.size()), names[k] + "-" + i, owners[k], aliases[k],
            now.minus(Duration.ofDays(i % 400)), k == 3 ? "Windows" : "Linux/UNIX");
        stub.image(k == 0 ? img.tagged(Map.of("compliant-ami:gate", i % 10 == 0 ? "failed" : "passed")) : img);
        imageIds.add(id);
      }
      int perTarget = instances / (accounts.size() * regions.size());
      int n = 0;
      for (String account : accounts) {
        for (int r = 0; r < regions.size(); r++) {
          String region = regions.get(r);
          for (int g = 0; g < 50; g++) {
            stub.group(account, region, "sg-" + g, new Perm("tcp", g == 0 ? 22 : 443, g == 0 ? 22 : 443, "0.0.0.0/0", null));
          }
          List<String> managed = new ArrayList<>();
          java.util.Set<String> targetImages = new java.util.HashSet<>();
          for (int i = 0; i < perTarget; i++, n++) {
            // images of this region only (even ids in the first region, odd in the second)
            String image = imageIds.get((2 * ((n * 7) % (imageCount / 2)) + r) % imageCount);
            targetImages.add(image);
            String id = String.format("i-%017x", 0x1000000L + n);
            Map<String, String> tags = new HashMap<>(Map.of("Name", "app-" + n));
            if (n % 50 == 0) {
              tags.put("compliant-ami:exempt-until", now.plus(Duration.ofDays(20)).toString().substring(0, 10));
              tags.put("compliant-ami:exempt-reason", "bench, exemption " + n);
            }
            Instant launched = now.minus(Duration.ofHours(n % (60 * 24)));
            stub.instance(account, region, new Inst(id, image, "m5.large", "running", launched, launched, launched,
                image.hashCode() % 6 == 3 ? "Windows" : "Linux/UNIX", List.of("sg-" + (n % 50)), tags));
            if (n % 3 != 0) {
              managed.add(id);
            }
          }
          stub.ssmManaged(account, region, managed.toArray(String[]::new));
          // the floor: full DescribeInstances pages, and the target's distinct images in maximal DescribeImages batches
          floorDescribeInstances += (perTarget + 999) / 1000;
          floorDescribeImages += (targetImages.size() + IMAGE_BATCH - 1) / IMAGE_BATCH;
        }
      }
      aws.client(S3Client.class, S3Client::builder).createBucket(r -> r.bucket("bench-reports"));
      Map<String, String> env = new HashMap<>(Map.of("MODE", "dry-run", "AWS_REGION", "us-east-1",
          "NOTIFY_TOPIC_ARN", aws.notifications("security").topicArn(), "EVENT_BUS_NAME", aws.bus("suite").busName(),
          "POWERTOOLS_SERVICE_NAME", "fleet-report", "FACTORY_ACCOUNT_ID", FleetStub.CENTRAL, "REPORT_BUCKET", "bench-reports",
          "BOUNDARY_ACCOUNT_IDS", String.join(",", accounts), "BOUNDARY_REGIONS", String.join(",", regions),
          "FLEET_REQUESTS_PER_SECOND", "100"));
      env.put("FLEET_PARALLELISM", "8");
      FleetReportHandler handler = new FleetReportHandler(env);

      System.gc();
      long baseline = usedHeap();
      resetPeaks();
      long t0 = System.nanoTime();
      ReportResult r = handler.handleRequest(Map.of("job", "fleet-report", "period", "adhoc", "requestId", "bench"),
          new LocalContext("fleet-report", 900, 2048));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long peak = peakHeap();

      System.out.printf("fleet: %,d instances (%,d per account/region), %,d images, %d accounts x %d regions%n",
          r.totals().instances(), perTarget, imageCount, accounts.size(), regions.size());
      System.out.printf("report: %.1f%% compliant, %,d violations, %,d distinct images, %d unreadable%n",
          r.totals().compliantPercent(), r.totals().violations(), r.totals().distinctImages(), r.totals().unreadableTargets());
      r.unreadable().stream().limit(3).forEach(u -> System.out.println("unreadable: " + u));
      System.out.println("API calls by kind (through the stub; S3, SNS and EventBridge go to moto directly):");
      stub.calls().forEach((k, v) -> System.out.printf("  %-40s %,8d%n", k, v));
      System.out.println("  s3:PutObject (6 files)                          6");
      System.out.printf("wall time of the report run: %,d ms%n", ms);
      System.out.printf("heap: %,d MB before the run (after GC; includes the stub's fleet model), peak %,d MB during the run (+%,d MB), max %,d MB%n",
          baseline >> 20, peak >> 20, (peak - baseline) >> 20, Runtime.getRuntime().maxMemory() >> 20);
      Map<String, Integer> calls = stub.calls();
      System.out.printf("BENCH|api|fleet-report|report run|instances=%d|images=%d|DescribeInstances=%d|floorDescribeInstances=%d"
              + "|DescribeImages=%d|floorDescribeImages=%d|totalCalls=%d|wallMs=%d|peakHeapMB=%d|maxHeapMB=%d%n",
          r.totals().instances(), imageCount, calls.getOrDefault("ec2:DescribeInstances", 0), floorDescribeInstances,
          calls.getOrDefault("ec2:DescribeImages", 0), floorDescribeImages, calls.values().stream().mapToInt(Integer::intValue).sum() + 6,
          ms, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  private static long usedHeap() {
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        used += p.getUsage().getUsed();
      }
    }
    return used;
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
