package dev.compliantami.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A base image the factory builds on, as configured in {@code WATCHED_BASE_IMAGES}: {@code
 * name=ssm:/path/of/parameter} or {@code name=owner:<account-or-alias>:<name-pattern>[:<architecture>]},
 * entries separated by commas.
 */
public record WatchedBaseImage(String name, Source source) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SSM_PATH = Pattern.compile("/[A-Za-z0-9_.\\-/]{1,1010}");
  private static final Pattern OWNER = Pattern.compile("\\d{12}|self|amazon|aws-marketplace|aws-backup-vault");
  private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9()\\[\\]./\\-'@_*? ]{3,128}");
  private static final Set<String> ARCHITECTURES = Set.of("x86_64", "arm64", "i386", "x86_64_mac", "arm64_mac");
  private static final String FORM =
      "comma-separated name=source entries, source ssm:/parameter/path or owner:<account-id|amazon|self|aws-marketplace>:<name-pattern>[:<architecture>]";

  /** Where the current AMI id of a base image is read. */
  public sealed interface Source {
    /** The value of an SSM parameter (e.g. a public {@code /aws/service/...} one) is the AMI id. */
    record SsmParameter(String path) implements Source {
      @Override
      public String toString() {
        return "ssm:" + path;
      }
    }

    /** The newest available, non-deprecated image matching a DescribeImages query. */
    record ImageQuery(String owner, String namePattern, String architecture) implements Source {
      @Override
      public String toString() {
        return "owner:" + owner + ":" + namePattern + (architecture == null ? "" : ":" + architecture);
      }
    }
  }

  public Optional<String> ssmParameter() {
    return source instanceof Source.SsmParameter s ? Optional.of(s.path()) : Optional.empty();
  }

  /** Parses the variable {@code variable}; every error names the entry and the accepted form. */
  public static List<WatchedBaseImage> parseAll(String variable, String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<WatchedBaseImage> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String entry : raw.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      WatchedBaseImage w = parse(variable, e);
      if (!names.add(w.name())) {
        throw new ConfigException(variable, "unique names; '" + w.name() + "' appears twice", raw);
      }
      out.add(w);
    }
    return List.copyOf(out);
  }

  static WatchedBaseImage parse(String variable, String entry) {
    int eq = entry.indexOf('=');
    if (eq < 0) {
      throw bad(variable, entry, "name=source");
    }
    String name = entry.substring(0, eq).trim();
    String source = entry.substring(eq + 1).trim();
    if (!NAME.matcher(name).matches()) {
      throw bad(variable, entry, "a name of 1-64 letters, digits, '.', '_' or '-' before '='");
    }
    if (source.startsWith("ssm:")) {
      String path = source.substring(4);
      if (!SSM_PATH.matcher(path).matches()) {
        throw bad(variable, entry, "ssm: followed by a parameter path starting with /");
      }
      return new WatchedBaseImage(name, new Source.SsmParameter(path));
    }
    if (source.startsWith("owner:")) {
      String[] parts = source.substring(6).split(":", -1);
      if (parts.length < 2 || parts.length > 3) {
        throw bad(variable, entry, "owner:<account-or-alias>:<name-pattern>[:<architecture>]");
      }
      if (!OWNER.matcher(parts[0]).matches()) {
        throw bad(variable, entry, "an owner that is a 12-digit account id, amazon, self, aws-marketplace or aws-backup-vault");
      }
      if (!IMAGE_NAME.matcher(parts[1]).matches()) {
        throw bad(variable, entry, "an image-name pattern of 3-128 characters (letters, digits, ( ) [ ] . / - ' @ _ * ? space)");
      }
      String arch = parts.length == 3 ? parts[2] : null;
      if (arch != null && !ARCHITECTURES.contains(arch)) {
        throw bad(variable, entry, "an architecture among " + ARCHITECTURES);
      }
      return new WatchedBaseImage(name, new Source.ImageQuery(parts[0], parts[1], arch));
    }
    throw bad(variable, entry, "a source starting with ssm: or owner:");
  }

  private static ConfigException bad(String variable, String entry, String expected) {
    return ConfigException.entry(variable, entry, expected + " (" + FORM + ")");
  }
}
