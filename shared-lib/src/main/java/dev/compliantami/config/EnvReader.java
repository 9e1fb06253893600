package dev.compliantami.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Typed, validated reads of environment variables. Every failure names the variable and the accepted
 * form, so a bad deploy parameter fails init with a message an operator can act on.
 */
public final class EnvReader {
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\\d{12})?:.+");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
  private static final Pattern BUS_NAME = Pattern.compile("[A-Za-z0-9._/-]{1,256}");

  private final Map<String, String> env;

  public EnvReader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static EnvReader fromSystem() {
    return new EnvReader(System.getenv());
  }

  /** The raw value, blank treated as absent. */
  public String optional(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  public String optional(String name, String defaultValue) {
    String v = optional(name);
    return v == null ? defaultValue : v;
  }

  public String required(String name, String expected) {
    String v = optional(name);
    if (v == null) {
      throw new ConfigException(name, expected, null);
    }
    return v;
  }

  public Mode mode() {
    String raw = optional("MODE", Mode.DRY_RUN.value());
    Mode mode = Mode.parse(raw);
    if (mode == null) {
      throw new ConfigException("MODE", "'dry-run' or 'enforce'", raw);
    }
    return mode;
  }

  public String arn(String name, String service) {
    String expected = "an ARN of the form arn:aws:" + service + ":<region>:<account-id>:<resource>";
    String v = required(name, expected);
    if (!ARN.matcher(v).matches() || !v.split(":", 6)[2].equals(service)) {
      throw new ConfigException(name, expected, v);
    }
    return v;
  }

  public String eventBusName(String name) {
    String v = optional(name, "compliant-ami");
    if (!BUS_NAME.matcher(v).matches()) {
      throw new ConfigException(name, "an event bus name or ARN (1-256 of A-Z a-z 0-9 . _ - /)", v);
    }
    return v;
  }

  public String accountId(String name) {
    return matching(name, ACCOUNT_ID, "a 12-digit AWS account id");
  }

  public String region(String name) {
    return matching(name, REGION, "an AWS region name such as us-east-1");
  }

  public int intInRange(String name, int defaultValue, int min, int max) {
    String raw = optional(name);
    if (raw == null) {
      return defaultValue;
    }
    String expected = "a whole number from " + min + " to " + max;
    try {
      int v = Integer.parseInt(raw);
      if (v < min || v > max) {
        throw new ConfigException(name, expected, raw);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigException(name, expected, raw);
    }
  }

  /** A comma-separated list, each element checked; empty list when unset. */
  public List<String> list(String name, Predicate<String> valid, String elementForm) {
    String raw = optional(name);
    if (raw == null) {
      return List.of();
    }
    List<String> items = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String item : items) {
      if (!valid.test(item)) {
        throw new ConfigException(name, "a comma-separated list of " + elementForm, raw);
      }
    }
    return items;
  }

  private String matching(String name, Pattern pattern, String expected) {
    String v = required(name, expected);
    if (!pattern.matcher(v).matches()) {
      throw new ConfigException(name, expected, v);
    }
    return v;
  }
}
