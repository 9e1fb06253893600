package dev.compliantami.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code bin/invoke <function> <event>} (or any command) in a child process whose only AWS
 * settings are the given environment (no inherited {@code AWS_*} variables): the way a user invokes a
 * function.
 */
final class FunctionProcess {
  record Outcome(String stdout, int exitCode, long wallNanos) {}

  private FunctionProcess() {}

  static Outcome invoke(Path root, String function, Path event, Map<String, String> env, Path stderrLog)
      throws IOException, InterruptedException {
    return run(List.of(root.resolve("bin/invoke").toString(), function, event.toString()), root, env, stderrLog);
  }

  /** Any command (e.g. the java line bin/invoke ends in, without the script around it). */
  static Outcome run(List<String> command, Path dir, Map<String, String> env, Path stderrLog)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderrLog.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    return new Outcome(out, code, System.nanoTime() - start);
  }
}
