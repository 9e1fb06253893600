package dev.compliantami.events;

import java.util.regex.Pattern;

/** release-watcher: an AWS-managed hardening component (e.g. STIG) has a new version. */
public record HardeningComponentReleased(
    int schemaVersion,
    String componentName,
    String componentArn,
    String previousVersion,
    String version,
    String platform)
    implements CustomDetail {
  public static final String DETAIL_TYPE = "Hardening Component Released";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]{0,127}");
  private static final Pattern COMPONENT_ARN =
      Pattern.compile("arn:aws[a-z-]*:imagebuilder:[a-z0-9-]+:(aws|\\d{12}):component/[a-zA-Z0-9_-]+/[0-9x.]+(/\\d+)?");
  private static final Pattern VERSION = Pattern.compile("\\d{1,10}\\.\\d{1,10}\\.\\d{1,10}");
  private static final Pattern PLATFORM = Pattern.compile("Linux|Windows|macOS");

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }

  public static HardeningComponentReleased parse(JsonFields d) {
    d.requireInteger("schemaVersion", SCHEMA_VERSION);
    return new HardeningComponentReleased(
        SCHEMA_VERSION,
        d.text("componentName", NAME, "a component name (letters, digits, - and _)"),
        d.text("componentArn", COMPONENT_ARN, "an Image Builder component ARN"),
        d.optionalText("previousVersion", VERSION, "a version x.y.z or null"),
        d.text("version", VERSION, "a version x.y.z"),
        d.text("platform", PLATFORM, "one of Linux, Windows, macOS"));
  }
}
