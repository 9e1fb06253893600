package dev.compliantami.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line a load benchmark prints for the lead's summary table, {@code
 * BENCH|load|<function>|<scenario>|calls=<n>|wallMs=<n>|timeoutS=<n>}, with the function's Lambda timeout read from
 * template.yaml (its own {@code Timeout}, else the {@code Globals} one) so the wall time can be compared with it.
 */
public final class LoadBench {
  private static final Pattern TIMEOUT = Pattern.compile("^\\s+Timeout:\\s*(\\d+)\\s*$");

  private LoadBench() {}

  public static String line(String function, String scenario, long calls, long wallMs, String handlerClass) {
    int timeout = timeoutSeconds(handlerClass);
    return "BENCH|load|" + function + "|" + scenario + "|calls=" + calls + "|wallMs=" + wallMs + "|timeoutS=" + timeout;
  }

  /** Prints {@link #line} and, on a second line, whether the wall time fits the timeout. */
  public static void print(String function, String scenario, long calls, long wallMs, String handlerClass) {
    String line = line(function, scenario, calls, wallMs, handlerClass);
    System.out.println(line);
    int timeout = timeoutSeconds(handlerClass);
    System.out.printf("  %s %s: %d ms of the %d s Lambda timeout (%.1f%%)%s%n", function, scenario, wallMs, timeout,
        100.0 * wallMs / (timeout * 1000.0), wallMs < timeout * 1000L ? "" : " — EXCEEDS THE TIMEOUT");
  }

  /** The {@code Timeout} of the function whose {@code Handler} is {@code handlerClass} in template.yaml. */
  public static int timeoutSeconds(String handlerClass) {
    List<String> lines;
    try {
      lines = Files.readAllLines(ProjectRoot.path().resolve("template.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Integer global = null;
    boolean inGlobals = false;
    for (String l : lines) {
      if (!l.startsWith(" ") && !l.isBlank()) {
        inGlobals = l.startsWith("Globals:");
      }
      Matcher m = TIMEOUT.matcher(l);
      if (inGlobals && m.matches() && global == null) {
        global = Integer.parseInt(m.group(1));
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals("Handler: " + handlerClass)) {
        for (int j = i + 1; j < lines.size() && !lines.get(j).matches("^  \\S.*"); j++) {
          Matcher m = TIMEOUT.matcher(lines.get(j));
          if (m.matches()) {
            return Integer.parseInt(m.group(1));
          }
        }
        // the Timeout may also come before the Handler within the resource
        for (int j = i - 1; j >= 0 && !lines.get(j).matches("^  \\S.*"); j--) {
          Matcher m = TIMEOUT.matcher(lines.get(j));
          if (m.matches()) {
            return Integer.parseInt(m.group(1));
          }
        }
        if (global != null) {
          return global;
        }
      }
    }
    throw new IllegalStateException("no function with Handler " + handlerClass + " (and no Globals Timeout) in template.yaml");
  }
}
