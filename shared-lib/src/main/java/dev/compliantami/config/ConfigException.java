package dev.compliantami.config;

/** A setting is missing or malformed; thrown at init so the function never runs half-configured. */
public final class ConfigException extends RuntimeException {
  private final String variable;

  public ConfigException(String variable, String expected, String actual) {
    super(variable + " " + describe(actual) + "; expected " + expected);
    this.variable = variable;
  }

  /** For list settings: names the bad entry rather than the whole value. */
  public static ConfigException entry(String variable, String entry, String expected) {
    return new ConfigException(variable, "has a bad entry '" + entry + "'; expected " + expected);
  }

  private ConfigException(String variable, String message) {
    super(variable + " " + message);
    this.variable = variable;
  }

  private static String describe(String actual) {
    if (actual == null) {
      return "is not set";
    }
    String shown = actual.length() > 80 ? actual.substring(0, 80) + "…" : actual;
    return "is '" + shown + "'";
  }

  public String variable() {
    return variable;
  }
}
