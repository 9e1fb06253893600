package dev.compliantami.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The README's local try: emulated AWS on 127.0.0.1 (moto + the Image Builder stub), a seeded AMI
 * factory, then every sample event of each function through {@code bin/invoke} — the same path a user
 * takes — with the result, the notification and the custom events printed after each.
 *
 * <p>{@code LocalTry <repo-root> <dry-run|enforce>}; started by {@code bin/try}.
 */
public final class LocalTry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FUNCTIONS = List.of("pipeline-starter");

  private LocalTry() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    String mode = args.length > 1 ? args[1] : "dry-run";
    Path logs = Files.createDirectories(root.resolve(".local/try"));
    int failures = 0;
    try (LocalAws aws = LocalAws.start()) {
      SampleFactory.seed(aws.imageBuilder());
      SnsCapture topic = aws.notifications("security-team");
      EventCapture bus = aws.bus("compliant-ami");
      System.out.printf("emulated AWS: moto %s, Image Builder stub %s; mode %s%n", aws.moto().endpoint(), aws.imageBuilder().endpoint(), mode);
      System.out.println("seeded: managed pipelines al2023-stig-high, al2023-arm64-stig-high, ubuntu2204-cis; unmanaged team-sandbox");

      for (String function : FUNCTIONS) {
        List<Path> events;
        try (Stream<Path> files = Files.list(root.resolve("events").resolve(function))) {
          events = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        for (Path event : events) {
          System.out.printf("%n=== %s  %s%n", function, root.relativize(event));
          Map<String, String> env = aws.functionEnvironment(mode, topic.topicArn(), bus.busName());
          Path log = logs.resolve(function + "-" + event.getFileName().toString().replace(".json", ".log"));
          FunctionProcess.Outcome run = FunctionProcess.invoke(root, function, event, env, log);
          System.out.println(run.stdout().strip());
          if (run.exitCode() != 0) {
            failures++;
          }
          for (SnsCapture.Notification n : topic.drain(Duration.ofSeconds(1))) {
            System.out.printf("--- e-mail to the security team: %s%n%s%n", n.subject(), n.message().strip().indent(4));
          }
          for (JsonNode e : bus.drain(Duration.ofMillis(500))) {
            System.out.printf("--- event on the bus: %s %s%n", e.path("detail-type").asText(), e.path("detail"));
          }
          aws.imageBuilder().startedBuilds().forEach(b -> aws.imageBuilder().completeBuild(b.imageBuildVersionArn()));
          System.out.println("(logs: " + root.relativize(log) + ")");
        }
      }
    }
    System.out.printf("%nlocal try finished: %d event(s) failed%n", failures);
    System.exit(failures == 0 ? 0 : 1);
  }
}
