package dev.compliantami.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cold-start benchmark: the process-level time of a function's first invoke through the local invoker
 * (a new JVM each run, against moto + the Image Builder stub on loopback), beside the same handler behind a
 * naive variant that builds its SDK clients eagerly with default settings ({@link NaiveInvoker}), beside a
 * hello-world class on the same JVM, and the shaded jar's size. Medians of N runs; the last line is a
 * {@code BENCH|…} record for the summary table.
 *
 * <p>{@code ColdStartBench <repo-root> <function> <handler-class> <event.json> [runs]}; started by {@code bin/bench}.
 */
public final class ColdStartBench {
  private ColdStartBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    String function = args[1];
    String handlerClass = args[2];
    Path event = root.resolve(args[3]);
    int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    Path logs = Files.createDirectories(root.resolve(".local/bench"));
    Path jar = root.resolve("functions/" + function + "/target/" + function + ".jar");

    List<Long> invokeMillis = new ArrayList<>();
    List<Long> naiveMillis = new ArrayList<>();
    try (LocalAws aws = LocalAws.start(); Sandbox sandbox = new Sandbox(aws, "dry-run")) {
      aws.client(software.amazon.awssdk.services.s3.S3Client.class, software.amazon.awssdk.services.s3.S3Client::builder)
          .createBucket(r -> r.bucket("bench-reports")); // fleet-report's REPORT_BUCKET
      sandbox.environment(Map.of("REPORT_BUCKET", "bench-reports"));
      Map<String, String> env = sandbox.environment(function);
      // the java line bin/invoke ends in, timed without the script around it
      List<String> command = List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-cp", jar.toString(),
          "dev.compliantami.local.LocalInvoker", handlerClass, event.toString());
      String naiveClasspath = jar + java.io.File.pathSeparator + Path.of(NaiveInvoker.location().toURI());
      List<String> naive = List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-cp", naiveClasspath,
          NaiveInvoker.class.getName(), jar.toString(), handlerClass, event.toString());
      for (int i = 0; i < runs; i++) {
        invokeMillis.add(timed(command, root, env, logs.resolve(function + ".log")));
        naiveMillis.add(timed(naive, root, env, logs.resolve(function + "-naive.log")));
      }
    }
    List<Long> helloMillis = new ArrayList<>();
    Path hello = helloWorld(logs);
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      Process p = new ProcessBuilder(javaBin(), "-cp", hello.toString(), "Hello").inheritIO().start();
      p.waitFor();
      helloMillis.add((System.nanoTime() - start) / 1_000_000);
    }
    System.out.printf("%s jar: %.1f MB (%d bytes)%n", function, Files.size(jar) / 1e6, Files.size(jar));
    System.out.printf("%s first invoke, process wall time of the local invoker: median %d ms of %s%n", function, median(invokeMillis), invokeMillis);
    System.out.printf("same handler, SDK clients built eagerly with default settings: median %d ms of %s%n", median(naiveMillis), naiveMillis);
    System.out.printf("hello-world java, same JVM: median %d ms of %s%n", median(helloMillis), helloMillis);
    System.out.printf("BENCH|cold-start|%s|jarMB=%.1f|firstInvokeMs=%d|naiveMs=%d|helloMs=%d|runs=%d%n",
        function, Files.size(jar) / 1e6, median(invokeMillis), median(naiveMillis), median(helloMillis), runs);
  }

  private static long timed(List<String> command, Path root, Map<String, String> env, Path log) throws Exception {
    FunctionProcess.Outcome run = FunctionProcess.run(command, root, env, log);
    if (run.exitCode() != 0) {
      throw new IllegalStateException("invoke failed (" + String.join(" ", command) + "): " + run.stdout());
    }
    return run.wallNanos() / 1_000_000;
  }

  private static Path helloWorld(Path dir) throws Exception {
    Path src = dir.resolve("Hello.java");
    Files.writeString(src, "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }");
    Process javac = new ProcessBuilder(javaBin() + "c", "-d", dir.toString(), src.toString()).inheritIO().start();
    if (javac.waitFor() != 0) {
      throw new IllegalStateException("javac failed");
    }
    return dir;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
