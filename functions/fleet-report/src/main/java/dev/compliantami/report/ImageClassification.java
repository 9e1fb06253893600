package dev.compliantami.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pure: who provides an image, and which operating system it runs. */
final class ImageClassification {
  private ImageClassification() {}

  /** The article's "how much do we rely on vendor images": who an instance's image comes from. */
  enum Provider {
    FACTORY, AMAZON, MARKETPLACE, OTHER_ACCOUNT, OWN_ACCOUNT, UNKNOWN;

    String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** An operating system distribution and version; version may be {@code ""} when not recognisable. */
  record Os(String distribution, String version) {
    String label() {
      return version.isEmpty() ? distribution : distribution + " " + version;
    }
  }

  static Provider provider(String ownerId, String ownerAlias, String instanceAccountId, String factoryAccountId) {
    if (ownerId == null && ownerAlias == null) {
      return Provider.UNKNOWN;
    }
    if (factoryAccountId.equals(ownerId)) {
      return Provider.FACTORY;
    }
    if ("amazon".equals(ownerAlias)) {
      return Provider.AMAZON;
    }
    if ("aws-marketplace".equals(ownerAlias)) {
      return Provider.MARKETPLACE;
    }
    if (instanceAccountId.equals(ownerId)) {
      return Provider.OWN_ACCOUNT;
    }
    return Provider.OTHER_ACCOUNT;
  }

  private record Rule(Pattern name, String distribution) {}

  // Image-name conventions of the publishers (first match wins); group 1, when present, is the version.
  private static final Rule[] RULES = {
    new Rule(Pattern.compile("al2023-ami-(?:minimal-)?(2023)"), "Amazon Linux"),
    new Rule(Pattern.compile("amzn2-ami"), "Amazon Linux 2"),
    new Rule(Pattern.compile("amzn-ami"), "Amazon Linux AMI"),
    new Rule(Pattern.compile("ubuntu[^0-9]*?(\\d{2}\\.\\d{2})"), "Ubuntu"),
    new Rule(Pattern.compile("rhel-(\\d+(?:\\.\\d+)?)"), "Red Hat Enterprise Linux"),
    new Rule(Pattern.compile("suse-sles-(\\d+(?:-sp\\d+)?)"), "SUSE Linux Enterprise Server"),
    new Rule(Pattern.compile("debian-(\\d+)"), "Debian"),
    new Rule(Pattern.compile("rocky-(\\d+(?:\\.\\d+)?)"), "Rocky Linux"),
    new Rule(Pattern.compile("almalinux[^0-9]*(\\d+(?:\\.\\d+)?)"), "AlmaLinux"),
    new Rule(Pattern.compile("centos[^0-9]*(\\d+(?:\\.\\d+)?)"), "CentOS"),
    new Rule(Pattern.compile("windows_server-(\\d{4}(?:-r2)?)"), "Windows Server"),
  };
  private static final Pattern WINDOWS_YEAR = Pattern.compile("(20\\d\\d(?:-r2)?)");

  /**
   * From the image name first (it carries the version), else {@code PlatformDetails} (e.g. {@code Linux/UNIX},
   * {@code Windows}, {@code Red Hat Enterprise Linux}).
   */
  static Os os(String imageName, String platformDetails) {
    String name = imageName == null ? "" : imageName.toLowerCase(Locale.ROOT);
    for (Rule r : RULES) {
      Matcher m = r.name().matcher(name);
      if (m.find()) {
        String version = m.groupCount() >= 1 && m.group(1) != null ? m.group(1).toUpperCase(Locale.ROOT) : "";
        return new Os(r.distribution(), version);
      }
    }
    String platform = platformDetails == null ? "" : platformDetails;
    if (platform.startsWith("Windows")) {
      Matcher y = WINDOWS_YEAR.matcher(name);
      return new Os("Windows Server", y.find() ? y.group(1).toUpperCase(Locale.ROOT) : "");
    }
    if (platform.startsWith("Red Hat")) {
      return new Os("Red Hat Enterprise Linux", "");
    }
    if (platform.startsWith("SUSE")) {
      return new Os("SUSE Linux Enterprise Server", "");
    }
    if (platform.startsWith("Ubuntu Pro")) {
      return new Os("Ubuntu", "");
    }
    if (platform.startsWith("Linux/UNIX")) {
      return new Os("Linux (unidentified)", "");
    }
    return new Os("Unknown", "");
  }
}
