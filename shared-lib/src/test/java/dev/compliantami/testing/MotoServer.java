package dev.compliantami.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} child process on {@code 127.0.0.1} and a free port: a stateful emulator of the AWS services
 * moto implements (SNS, SQS, EC2, SSM, ...). The executable is, in order: system property {@code moto.server},
 * environment variable {@code MOTO_SERVER}, or {@code .venv/bin/moto_server} in the nearest directory above the
 * working directory that holds {@code mvnw}. A missing executable is an error, never a skipped test.
 */
public final class MotoServer implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final int PORT_ATTEMPTS = 3;

  private static MotoServer shared;

  private final Process process;
  private final int port;
  private final Path log;
  private final boolean isShared;
  private final Thread shutdownHook;

  private MotoServer(Process process, int port, Path log, boolean isShared) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.isShared = isShared;
    this.shutdownHook = new Thread(this::stopProcess, "moto-server-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * The JVM-wide server, started on first use and stopped when the JVM exits; {@link #close()} on it does nothing,
   * so tests may use it in try-with-resources without stopping it for others. Call {@link #reset()} between tests
   * that must not see each other's resources.
   */
  public static synchronized MotoServer shared() {
    if (shared == null || !shared.process.isAlive()) {
      shared = launch(executable(), true);
    }
    return shared;
  }

  /** A server of its own, stopped by {@link #close()}. */
  public static MotoServer start() {
    return launch(executable(), false);
  }

  /** The moto_server executable to run (see the class comment); it exists, or this throws. */
  public static Path executable() {
    String configured = System.getProperty("moto.server");
    String source = "system property moto.server";
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("MOTO_SERVER");
      source = "environment variable MOTO_SERVER";
    }
    Path path;
    if (configured != null && !configured.isBlank()) {
      path = Path.of(configured);
    } else {
      path = projectRoot().resolve(".venv/bin/moto_server");
      source = "the project's virtual environment";
    }
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException("moto_server not found or not executable at " + path.toAbsolutePath()
          + " (from " + source + "). Create the venv with `python3 -m venv .venv && .venv/bin/pip install -r "
          + "requirements-dev.txt`, or point -Dmoto.server / MOTO_SERVER at a moto_server executable.");
    }
    return path;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Drops every resource in every service ({@code POST /moto-api/reset}). */
  public void reset() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/reset").toURL()
          .openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.getOutputStream().close();
      int status = connection.getResponseCode();
      connection.disconnect();
      if (status != 200) {
        throw new IllegalStateException("moto reset answered HTTP " + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("moto reset failed at " + endpoint(), e);
    }
  }

  @Override
  public void close() {
    if (isShared) {
      return;
    }
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or about to; nothing left to do
    }
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static MotoServer launch(Path executable, boolean isShared) {
    IllegalStateException lastFailure = null;
    // the port is free when chosen but may be taken before moto binds it; a few attempts make that race harmless
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      Path log = tempLog();
      Process process;
      try {
        process = new ProcessBuilder(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot run moto_server at " + executable, e);
      }
      MotoServer server = new MotoServer(process, port, log, isShared);
      try {
        server.awaitReady(executable);
        return server;
      } catch (IllegalStateException e) {
        server.stopProcess();
        Runtime.getRuntime().removeShutdownHook(server.shutdownHook);
        lastFailure = e;
        if (!server.logText().contains("Address already in use")) {
          throw e;
        }
      }
    }
    throw lastFailure;
  }

  private void awaitReady(Path executable) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server at " + executable + " exited with " + process.exitValue()
            + " before answering on port " + port + ". Output:\n" + logText());
      }
      if (answersHttp()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for moto_server", e);
      }
    }
    throw new IllegalStateException("moto_server at " + executable + " did not answer HTTP on " + endpoint()
        + " within " + STARTUP_TIMEOUT.toSeconds() + " s. Output:\n" + logText());
  }

  private boolean answersHttp() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL()
          .openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      connection.getResponseCode();
      connection.disconnect();
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static Path projectRoot() {
    try {
      return ProjectRoot.path();
    } catch (IllegalStateException noRoot) {
      throw new IllegalStateException("moto_server not configured: neither -Dmoto.server nor MOTO_SERVER is set, and "
          + noRoot.getMessage() + " (where .venv/bin/moto_server would be).");
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free local port", e);
    }
  }

  private static Path tempLog() {
    try {
      Path log = Files.createTempFile("moto-server-", ".log");
      log.toFile().deleteOnExit();
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
