package dev.compliantami.policy;

/**
 * A desired Allowed AMIs setting breaks an API limit or is malformed. Names the setting and the accepted
 * form, like {@code ConfigException}, so a config reader can convert it one to one:
 *
 * <pre>{@code
 * catch (AllowedImagesSettingError e) {
 *   throw e.entry() != null
 *       ? ConfigException.entry(e.setting(), e.entry(), e.expected())
 *       : new ConfigException(e.setting(), e.expected(), e.actual());
 * }
 * }</pre>
 */
public final class AllowedImagesSettingError extends IllegalArgumentException {
  private final String setting;
  private final String expected;
  private final String actual;
  private final String entry;

  private AllowedImagesSettingError(String setting, String expected, String actual, String entry, String message) {
    super(message);
    this.setting = setting;
    this.expected = expected;
    this.actual = actual;
    this.entry = entry;
  }

  /** The whole value is wrong (or missing, when {@code actual} is null). */
  public static AllowedImagesSettingError value(String setting, String expected, String actual) {
    String shown = actual == null ? "is not set"
        : "is '" + (actual.length() > 80 ? actual.substring(0, 80) + "…" : actual) + "'";
    return new AllowedImagesSettingError(setting, expected, actual, null, setting + " " + shown + "; expected " + expected);
  }

  /** One entry of a list setting is wrong. */
  public static AllowedImagesSettingError entry(String setting, String entry, String expected) {
    return new AllowedImagesSettingError(
        setting, expected, null, entry, setting + " has a bad entry '" + entry + "'; expected " + expected);
  }

  public String setting() {
    return setting;
  }

  public String expected() {
    return expected;
  }

  /** The whole offending value, or null (not set, or an entry error). */
  public String actual() {
    return actual;
  }

  /** The offending entry of a list setting, or null when the whole value is wrong. */
  public String entry() {
    return entry;
  }
}
