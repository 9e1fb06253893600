package dev.compliantami.policy;

/** One version of an Image Builder component as ListComponents reports it (no SDK types). */
public record ComponentVersionView(String name, String version, String arn, String platform, String status) {

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
