package dev.compliantami.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Looks for credentials-like strings in log and result files (issue 10 §4: no secrets in logs). */
public final class SecretScan {
  /** What a leaked credential looks like in a log line. */
  static final List<Pattern> PATTERNS = List.of(
      Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), // access key ids (ASIA: temporary, e.g. an assumed member role)
      Pattern.compile("(?i)(secret_?access_?key|aws_secret|sessiontoken|session_token)\"?\\s*[:=]\\s*\"?[A-Za-z0-9/+=]{16,}"),
      Pattern.compile("(?i)x-amz-security-token"),
      Pattern.compile("AWS4-HMAC-SHA256 Credential="),
      Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

  private SecretScan() {}

  public record Finding(Path file, int line, String match) {}

  public static List<Finding> scan(Path dir) {
    List<Finding> findings = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(log|json|txt)$")).toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(lines.get(i));
            if (m.find()) {
              findings.add(new Finding(f, i + 1, m.group()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return findings;
  }
}
