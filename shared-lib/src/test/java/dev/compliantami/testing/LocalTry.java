package dev.compliantami.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The README's local try: emulated AWS on 127.0.0.1 (moto + the Image Builder stub) and a seeded AMI
 * factory, then, through {@code bin/invoke} — the path a user takes:
 *
 * <ol>
 *   <li>release-watcher records a baseline;
 *   <li>"AWS" publishes a new Amazon Linux 2023 AMI and a new STIG component version; the AMI-update SNS
 *       message prompts release-watcher, which finds both and puts the events on the suite's bus;
 *   <li>those events, in order, go to pipeline-starter, which starts the pipelines built on them;
 *   <li>every sample event of every function (ami-publisher: a finished AVAILABLE build is gated, shared,
 *       tagged and rolled forward; a FAILED one is reported).
 * </ol>
 *
 * After each invoke it prints the result, the e-mail the security team would get and the events put on
 * the bus. {@code LocalTry <repo-root> <dry-run|enforce>}; started by {@code bin/try}.
 */
public final class LocalTry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Path logs;
  private final Sandbox sandbox;
  private final String mode;
  private int failures;

  private LocalTry(Path root, Sandbox sandbox, String mode) throws Exception {
    this.root = root;
    this.mode = mode;
    this.logs = Files.createDirectories(root.resolve(".local/try"));
    this.sandbox = sandbox;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    String mode = args.length > 1 ? args[1] : "dry-run";
    int failures;
    try (LocalAws aws = LocalAws.start(); Sandbox sandbox = new Sandbox(aws, mode)) {
      LocalTry t = new LocalTry(root, sandbox, mode);
      System.out.printf("emulated AWS: moto %s, Image Builder stub %s; mode %s%n", aws.moto().endpoint(), aws.imageBuilder().endpoint(), mode);
      t.run();
      failures = t.failures;
    }
    System.out.printf("%nlocal try finished: %d invocation(s) failed%n", failures);
    System.exit(failures == 0 ? 0 : 1);
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
    List<String> started = new java.util.ArrayList<>();
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

    step("4. every sample event under events/ (ami-publisher: a finished build of al2023-stig-high, then a failed one;"
        + " allowed-amis-enforcer: Allowed AMIs set to AWS + the factory account)");
    for (String function : List.of("pipeline-starter", "release-watcher", "ami-publisher", "allowed-amis-enforcer")) {
      try (Stream<Path> files = Files.list(root.resolve("events").resolve(function))) {
        for (Path event : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          invoke(function, event);
        }
      }
    }
  }

  private List<JsonNode> invoke(String function, Path event) throws Exception {
    System.out.printf("%n=== %s  %s%n", function, root.relativize(event));
    Path log = logs.resolve(function + "-" + event.getFileName().toString().replace(".json", ".log"));
    FunctionProcess.Outcome run = FunctionProcess.invoke(root, function, event, sandbox.environment(function), log);
    System.out.println(run.stdout().strip());
    if (run.exitCode() != 0) {
      failures++;
    }
    for (SnsCapture.Notification note : sandbox.topic.drain(Duration.ofSeconds(1))) {
      System.out.printf("--- e-mail to the security team: %s%n%s%n", note.subject(), note.message().strip().indent(4));
    }
    List<JsonNode> events = sandbox.bus.drain(Duration.ofMillis(500));
    for (JsonNode e : events) {
      System.out.printf("--- event on the bus: %s %s%n", e.path("detail-type").asText(), e.path("detail"));
    }
    ImageBuilderStub ib = sandbox.aws.imageBuilder();
    ib.startedBuilds().forEach(b -> ib.completeBuild(b.imageBuildVersionArn()));
    System.out.println("(logs: " + root.relativize(log) + ")");
    return events;
  }

  private static void step(String title) {
    System.out.printf("%n##### %s%n", title);
  }
}
