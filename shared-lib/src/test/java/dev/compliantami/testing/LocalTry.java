package dev.compliantami.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The README's local try: the whole control loop on emulated AWS (moto, the Image Builder stub and the EC2 /
 * Auto Scaling proxies on 127.0.0.1), over a seeded {@link DemoOrganization}, each function run through
 * {@code bin/invoke} — the path a user takes: release-watcher → pipeline-starter → (the stub finishes the build)
 * ami-publisher → allowed-amis-enforcer → launch-auditor on new launches → instance-reaper → fleet-report.
 * After each invoke it prints a summary of the result, the e-mail the security team would get and the custom
 * events put on the bus; full results go to {@code .local/try/}. {@code LocalTry <repo-root> <dry-run|enforce>};
 * started by {@code bin/try}.
 */
public final class LocalTry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Path logs;
  private final Sandbox sandbox;
  private final String mode;
  private final DemoOrganization org;
  private int failures;
  private int invocations;

  private LocalTry(Path root, Sandbox sandbox, DemoOrganization org, String mode) throws Exception {
    this.root = root;
    this.org = org;
    this.mode = mode;
    this.logs = Files.createDirectories(root.resolve(".local/try"));
    try (Stream<Path> old = Files.list(logs)) { // results and logs of an earlier try
      for (Path f : old.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".log") || f.toString().endsWith(".html")).toList()) {
        Files.delete(f);
      }
    }
    this.sandbox = sandbox;
  }

  public static void main(String[] args) throws Exception {
    int failures = run(Path.of(args[0]).toAbsolutePath(), args.length > 1 ? args[1] : "dry-run");
    System.exit(failures == 0 ? 0 : 1);
  }

  /** Runs the whole loop in {@code mode}; returns the number of failed invocations (and missing outcomes). */
  public static int run(Path root, String mode) throws Exception {
    int failures;
    try (LocalAws aws = resetEmulators(LocalAws.start()); Sandbox sandbox = new Sandbox(aws, mode);
        FleetAwsStub fleet = new FleetAwsStub(sandbox.ec2.endpoint());
        DemoOrganization org = new DemoOrganization(aws.moto(), sandbox.ec2, fleet)) {
      org.seed();
      sandbox.environment(org.environment());
      LocalTry t = new LocalTry(root, sandbox, org, mode);
      System.out.printf("emulated AWS: moto %s, Image Builder stub %s; mode %s%n", aws.moto().endpoint(), aws.imageBuilder().endpoint(), mode);
      t.run();
      failures = t.failures;
    }
    System.out.printf("%nlocal try finished: %d invocation(s) failed%n", failures);
    return failures;
  }

  private void run() throws Exception {
    System.out.println("seeded: the template's factory pipeline " + Sandbox.FACTORY_BASELINE + " (tags compliant-ami:managed=true,"
        + " baseline=" + Sandbox.FACTORY_BASELINE + ", base-image=" + SampleFactory.WATCHED_AL2023
        + "; recipe update-linux + stig-build-linux Level=High + reboot-test-linux on ssm:" + SampleFactory.AL2023_X86 + ");"
        + " managed al2023-arm64-stig-high (stig-build-linux-high), ubuntu2204-cis; unmanaged team-sandbox; "
        + SampleFactory.WATCHED_AL2023 + " read from ssm:" + Sandbox.DEMO_PARAMETER + "; stig-build-linux 1.0.4, stig-build-linux-high 2025.3.1");

    step("1. release-watcher takes its baseline");
    invoke("release-watcher", root.resolve("events/release-watcher/schedule.json"));

    step("2. AWS releases a new AL2023 AMI and stig-build-linux 1.0.5; the AMI-update SNS message prompts a poll");
    sandbox.publishBaseImage("al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    sandbox.component("stig-build-linux", "1.0.5");
    List<JsonNode> released = invoke("release-watcher", root.resolve("events/release-watcher/sns-al2023-ami-update.json"));

    step("3. the events release-watcher put on the bus go to pipeline-starter, in order (both start the factory pipeline "
        + Sandbox.FACTORY_BASELINE + ")");
    Path delivered = Files.createDirectories(logs.resolve("events"));
    int n = 0;
    List<String> started = new ArrayList<>();
    for (JsonNode event : released) {
      // moto's rule-target delivery leaves out "account", which EventBridge always sets
      ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("account", LocalAws.ACCOUNT);
      Path file = delivered.resolve(String.format("%02d-%s.json", ++n, event.path("detail-type").asText().toLowerCase().replace(' ', '-')));
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event));
      invoke("pipeline-starter", file).stream()
          .filter(e -> "Image Pipeline Started".equals(e.path("detail-type").asText()))
          .forEach(e -> started.add(e.path("detail").path("pipelineArn").asText()));
    }
    long factoryStarts = started.stream().filter(Sandbox.FACTORY_PIPELINE::equals).count();
    if ("enforce".equals(mode)) {
      System.out.printf("%n>>> the template's factory pipeline %s was started %d time(s) by pipeline-starter%n", Sandbox.FACTORY_BASELINE, factoryStarts);
      if (factoryStarts == 0) {
        System.out.println(">>> FAILED: pipeline-starter did not start the factory pipeline");
        failures++;
      }
    } else {
      System.out.printf("%n>>> dry-run: the results above list the factory pipeline %s among the pipelines pipeline-starter would start%n",
          Sandbox.FACTORY_BASELINE);
    }

    ImageBuilderStub ib = sandbox.aws.imageBuilder();
    String build = ib.startedBuilds().stream().map(ImageBuilderStub.StartedBuild::imageBuildVersionArn)
        .filter(arn -> arn.contains("/" + Sandbox.FACTORY_BASELINE + "/")).findFirst()
        .orElse(ImageBuilderStub.imageArn(Sandbox.FACTORY_BASELINE, "1.0.0", 7));
    step("4. Image Builder finishes " + build.substring(build.indexOf("image/") + 6)
        + (ib.startedBuilds().isEmpty() ? " (dry-run started nothing: the factory's last finished build stands in)" : "")
        + ", distributes its AMI to " + DemoOrganization.REGIONS + " and emits AVAILABLE; ami-publisher gates, shares, tags, rolls /compliant-ami/latest forward and deprecates the previous AMI");
    Map<String, String> amis = org.distributeBuild(Sandbox.FACTORY_BASELINE + "-1.0.0-" + build.substring(build.lastIndexOf('/') + 1));
    ImageBuilderStub.ImageSeed image = ib.image(build);
    ib.addImage(image.withAmis(amis.entrySet().stream().map(e -> ImageBuilderStub.AmiSeed.of(e.getKey(), e.getValue())).toList()));
    if (ib.startedBuilds().stream().anyMatch(b -> b.imageBuildVersionArn().equals(build))) {
      ib.completeBuild(build);
    }
    invoke("ami-publisher", write("image-available.json", imageStateChange(build)));

    step("5. allowed-amis-enforcer sets Allowed AMIs to AWS + the factory account in every account and region of the boundary");
    invoke("allowed-amis-enforcer", root.resolve("events/allowed-amis-enforcer/schedule.json"));

    step("6. new launches in member " + DemoOrganization.MEMBERS.get(0) + ": one from the new compliant AMI, one from a vendor AMI,"
        + " one from the member's own AMI; the state-change events reach launch-auditor through its SQS queue");
    String member = DemoOrganization.MEMBERS.get(0);
    String region = DemoOrganization.REGIONS.get(0);
    List<String> launched = List.of(
        org.launch(member, region, amis.get(region), DemoOrganization.FACTORY, "api-v2"),
        org.launch(member, region, org.vendorAmi.get(region), DemoOrganization.VENDOR, "vendor-trial"),
        org.launch(member, region, org.ownAmi.get(member + "/" + region), member, "hand-built"));
    invoke("launch-auditor", write("launches.json", launchBatch(member, region, launched)));

    step("7. instance-reaper's daily sweep: instances older than 30 days (from their first launch) are replaced, capped, exemptions honoured");
    invoke("instance-reaper", root.resolve("events/instance-reaper/schedule.json"));

    step("8. fleet-report: inventory and compliance evidence of the whole boundary, written to the report bucket");
    String bucket = "compliant-ami-reports-demo";
    S3Client s3 = sandbox.aws.client(S3Client.class, S3Client::builder);
    s3.createBucket(r -> r.bucket(bucket));
    sandbox.environment(Map.of("REPORT_BUCKET", bucket));
    invoke("fleet-report", write("fleet-report-weekly.json", Map.of("job", "fleet-report", "period", "weekly",
        "scheduledTime", nowIso(), "executionId", UUID.randomUUID().toString())));
    Path html = logs.resolve("report.html");
    try {
      Files.write(html, s3.getObjectAsBytes(r -> r.bucket(bucket).key("reports/latest/weekly/report.html")).asByteArray());
      System.out.println(">>> the compliance report: " + root.relativize(html) + " (open it in a browser)");
    } catch (SdkException e) {
      System.out.println(">>> FAILED: no report.html in the report bucket: " + e.getMessage());
      failures++;
    }
  }

  /** Each run starts from an empty emulated AWS (moto is shared by everything in this JVM, e.g. a test class). */
  private static LocalAws resetEmulators(LocalAws aws) {
    aws.moto().reset();
    aws.imageBuilder().reset();
    return aws;
  }

  private Path write(String name, Object json) throws Exception {
    Path file = Files.createDirectories(logs.resolve("events")).resolve(name);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return file;
  }

  private static Map<String, Object> imageStateChange(String imageBuildVersionArn) {
    return Map.of("version", "0", "id", UUID.randomUUID().toString(), "detail-type", "EC2 Image Builder Image State Change",
        "source", "aws.imagebuilder", "account", LocalAws.ACCOUNT, "time", nowIso(),
        "region", LocalAws.REGION, "resources", List.of(imageBuildVersionArn),
        "detail", Map.of("previous-state", Map.of("status", "TESTING"), "state", Map.of("status", "AVAILABLE")));
  }

  /** What Lambda's SQS poller hands launch-auditor: one message per state-change event (pending, then running). */
  private static Map<String, Object> launchBatch(String account, String region, List<String> instanceIds) throws Exception {
    List<Object> records = new ArrayList<>();
    for (String state : List.of("pending", "running")) {
      for (String id : instanceIds) {
        Map<String, Object> event = Map.of("version", "0", "id", UUID.randomUUID().toString(),
            "detail-type", "EC2 Instance State-change Notification", "source", "aws.ec2", "account", account,
            "time", nowIso(), "region", region,
            "resources", List.of("arn:aws:ec2:" + region + ":" + account + ":instance/" + id),
            "detail", Map.of("instance-id", id, "state", state));
        String messageId = UUID.randomUUID().toString();
        records.add(Map.of("messageId", messageId, "receiptHandle", "rh-" + messageId, "body", JSON.writeValueAsString(event),
            "attributes", Map.of("ApproximateReceiveCount", "1"), "messageAttributes", Map.of(), "md5OfBody", "-",
            "eventSource", "aws:sqs", "eventSourceARN", "arn:aws:sqs:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT + ":compliant-ami-launches",
            "awsRegion", LocalAws.REGION));
      }
    }
    return Map.of("Records", records);
  }

  private List<JsonNode> invoke(String function, Path event) throws Exception {
    System.out.printf("%n=== %s  %s%n", function, root.relativize(event));
    Path log = logs.resolve(function + "-" + event.getFileName().toString().replace(".json", ".log"));
    FunctionProcess.Outcome run = FunctionProcess.invoke(root, function, event, sandbox.environment(function), log);
    Path result = logs.resolve(String.format("%02d-%s.json", ++invocations, function));
    Files.writeString(result, run.stdout());
    if (run.exitCode() != 0) {
      failures++;
      System.out.println(run.stdout().strip());
    } else {
      System.out.println(summary(run.stdout()));
    }
    for (SnsCapture.Notification note : sandbox.topic.drain(Duration.ofSeconds(1))) {
      System.out.printf("--- e-mail to the security team: %s%n%s%n", note.subject(), note.message().strip().indent(4));
    }
    List<JsonNode> events = sandbox.bus.drain(Duration.ofMillis(500));
    Map<String, Long> byType = new TreeMap<>();
    events.forEach(e -> byType.merge(e.path("detail-type").asText(), 1L, Long::sum));
    System.out.println("--- events on the bus: " + (byType.isEmpty() ? "none" : byType));
    System.out.println("(result: " + root.relativize(result) + ", logs: " + root.relativize(log) + ")");
    return events;
  }

  /** The result's top-level scalars and the sizes of its lists: enough to follow the loop; the file has the rest. */
  private static String summary(String stdout) {
    try {
      JsonNode result = JSON.readTree(stdout).path("result");
      StringBuilder line = new StringBuilder("--- result:");
      result.fields().forEachRemaining(f -> {
        JsonNode v = f.getValue();
        if (v.isValueNode() && !v.isNull()) {
          String text = v.asText().replaceAll("\\s+", " ");
          line.append(' ').append(f.getKey()).append('=').append(text.length() > 60 ? text.substring(0, 60) + "…" : text);
        } else if (v.isArray()) {
          line.append(' ').append(f.getKey()).append('[').append(v.size()).append(']');
        }
      });
      return line.toString();
    } catch (Exception notJson) {
      return stdout.strip();
    }
  }

  private static String nowIso() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void step(String title) {
    System.out.printf("%n##### %s%n", title);
  }
}
