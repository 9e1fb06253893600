package dev.compliantami.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The README's local try: emulated AWS on 127.0.0.1 (moto + the Image Builder stub) and a seeded AMI
 * factory, then, through {@code bin/invoke} — the path a user takes:
 *
 * <ol>
 *   <li>release-watcher records a baseline;
 *   <li>"AWS" publishes a new Amazon Linux 2023 AMI and a new STIG component version; the AMI-update SNS
 *       message prompts release-watcher, which finds both and puts the events on the suite's bus;
 *   <li>those events, in order, go to pipeline-starter, which starts the pipelines built on them;
 *   <li>every sample event of every function.
 * </ol>
 *
 * After each invoke it prints the result, the e-mail the security team would get and the events put on
 * the bus. {@code LocalTry <repo-root> <dry-run|enforce>}; started by {@code bin/try}.
 */
public final class LocalTry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEMO_PARAMETER = "/compliant-ami/demo/al2023-x86_64";

  private final Path root;
  private final Path logs;
  private final LocalAws aws;
  private final SnsCapture topic;
  private final EventCapture bus;
  private final Map<String, String> env;
  private int failures;

  private LocalTry(Path root, String mode, LocalAws aws) throws Exception {
    this.root = root;
    this.logs = Files.createDirectories(root.resolve(".local/try"));
    this.aws = aws;
    this.topic = aws.notifications("security-team");
    this.bus = aws.bus("compliant-ami");
    this.env = new HashMap<>(aws.functionEnvironment(mode, topic.topicArn(), bus.busName()));
    env.put("WATCHED_BASE_IMAGES", SampleFactory.WATCHED_AL2023 + "=ssm:" + DEMO_PARAMETER);
    env.put("WATCHED_COMPONENTS", "stig-build-linux-high");
    env.put("STATE_TABLE", stateTable());
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    String mode = args.length > 1 ? args[1] : "dry-run";
    int failures;
    try (LocalAws aws = LocalAws.start()) {
      LocalTry t = new LocalTry(root, mode, aws);
      System.out.printf("emulated AWS: moto %s, Image Builder stub %s; mode %s%n", aws.moto().endpoint(), aws.imageBuilder().endpoint(), mode);
      t.run();
      failures = t.failures;
    }
    System.out.printf("%nlocal try finished: %d invocation(s) failed%n", failures);
    System.exit(failures == 0 ? 0 : 1);
  }

  private void run() throws Exception {
    SampleFactory.seed(aws.imageBuilder());
    publishBaseImage("al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64");
    component("2025.3.1");
    System.out.println("seeded: managed pipelines al2023-stig-high (tagged base-image=" + SampleFactory.WATCHED_AL2023
        + "), al2023-arm64-stig-high, ubuntu2204-cis; unmanaged team-sandbox; "
        + SampleFactory.WATCHED_AL2023 + " read from ssm:" + DEMO_PARAMETER + "; stig-build-linux-high 2025.3.1");

    step("1. release-watcher takes its baseline");
    invoke("release-watcher", root.resolve("events/release-watcher/schedule.json"));

    step("2. AWS releases a new AL2023 AMI and stig-build-linux-high 2025.4.0; the AMI-update SNS message prompts a poll");
    publishBaseImage("al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    component("2025.4.0");
    List<JsonNode> released = invoke("release-watcher", root.resolve("events/release-watcher/sns-al2023-ami-update.json"));

    step("3. the events release-watcher put on the bus go to pipeline-starter, in order");
    Path delivered = Files.createDirectories(logs.resolve("events"));
    int n = 0;
    for (JsonNode event : released) {
      // moto's rule-target delivery leaves out "account", which EventBridge always sets
      ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("account", LocalAws.ACCOUNT);
      Path file = delivered.resolve(String.format("%02d-%s.json", ++n, event.path("detail-type").asText().toLowerCase().replace(' ', '-')));
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event));
      invoke("pipeline-starter", file);
    }

    step("4. every sample event under events/");
    for (String function : List.of("pipeline-starter", "release-watcher")) {
      try (Stream<Path> files = Files.list(root.resolve("events").resolve(function))) {
        for (Path event : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          invoke(function, event);
        }
      }
    }
  }

  private List<JsonNode> invoke(String function, Path event) throws Exception {
    System.out.printf("%n=== %s  %s%n", function, root.relativize(event));
    Map<String, String> fnEnv = new HashMap<>(env);
    fnEnv.put("POWERTOOLS_SERVICE_NAME", function);
    Path log = logs.resolve(function + "-" + event.getFileName().toString().replace(".json", ".log"));
    FunctionProcess.Outcome run = FunctionProcess.invoke(root, function, event, fnEnv, log);
    System.out.println(run.stdout().strip());
    if (run.exitCode() != 0) {
      failures++;
    }
    for (SnsCapture.Notification note : topic.drain(Duration.ofSeconds(1))) {
      System.out.printf("--- e-mail to the security team: %s%n%s%n", note.subject(), note.message().strip().indent(4));
    }
    List<JsonNode> events = bus.drain(Duration.ofMillis(500));
    for (JsonNode e : events) {
      System.out.printf("--- event on the bus: %s %s%n", e.path("detail-type").asText(), e.path("detail"));
    }
    aws.imageBuilder().startedBuilds().forEach(b -> aws.imageBuilder().completeBuild(b.imageBuildVersionArn()));
    System.out.println("(logs: " + root.relativize(log) + ")");
    return events;
  }

  private void publishBaseImage(String name) {
    Ec2Client ec2 = aws.client(Ec2Client.class, Ec2Client::builder);
    String ami = ec2.registerImage(r -> r.name(name).architecture("x86_64").rootDeviceName("/dev/xvda")
        .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(8)))).imageId();
    aws.client(SsmClient.class, SsmClient::builder)
        .putParameter(r -> r.name(DEMO_PARAMETER).value(ami).type(ParameterType.STRING).overwrite(true));
  }

  private void component(String version) {
    aws.imageBuilder().addComponent(ImageBuilderStub.ComponentSeed.amazon("stig-build-linux-high", version));
  }

  private String stateTable() {
    String table = "compliant-ami-state-" + Long.toHexString(System.nanoTime());
    aws.client(DynamoDbClient.class, DynamoDbClient::builder).createTable(r -> r.tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    return table;
  }

  private static void step(String title) {
    System.out.printf("%n##### %s%n", title);
  }
}
