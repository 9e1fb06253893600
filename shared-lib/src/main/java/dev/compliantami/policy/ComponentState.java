package dev.compliantami.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What release-watcher remembers of a component: its newest ACTIVE version and the component's overall
 * status (ACTIVE while any version is, else DEPRECATED, else DISABLED). Stored as {@code version|status}.
 */
public record ComponentState(String latestActiveVersion, String status) {
  private static final String NONE = "-";

  /** Newest ACTIVE version by numeric semantic-version order; versions that are not x.y.z are ignored. */
  public static Optional<ComponentVersionView> latestActive(List<ComponentVersionView> versions) {
    return versions.stream()
        .filter(ComponentVersionView::active)
        .filter(v -> SemanticVersion.parse(v.version()).isPresent())
        .max(Comparator.comparing(v -> SemanticVersion.parse(v.version()).orElseThrow()));
  }

  public static ComponentState of(List<ComponentVersionView> versions) {
    String status =
        versions.stream().anyMatch(ComponentVersionView::active)
            ? "ACTIVE"
            : versions.stream().anyMatch(v -> "DEPRECATED".equals(v.status())) ? "DEPRECATED" : "DISABLED";
    return new ComponentState(latestActive(versions).map(ComponentVersionView::version).orElse(null), status);
  }

  public String encode() {
    return (latestActiveVersion == null ? NONE : latestActiveVersion) + "|" + status;
  }

  public static Optional<ComponentState> decode(String stored) {
    if (stored == null) {
      return Optional.empty();
    }
    String[] parts = stored.split("\\|", 2);
    return Optional.of(new ComponentState(NONE.equals(parts[0]) ? null : parts[0], parts.length > 1 ? parts[1] : "ACTIVE"));
  }

  /** True when {@code this} has a newer ACTIVE version than {@code before}. */
  public boolean releasedAfter(ComponentState before) {
    if (latestActiveVersion == null) {
      return false;
    }
    if (before.latestActiveVersion == null) {
      return true;
    }
    return SemanticVersion.parse(latestActiveVersion).orElseThrow().compareTo(SemanticVersion.parse(before.latestActiveVersion).orElseThrow()) > 0;
  }

  /** News for people: the component (or the version recipes may pin) stopped being usable. */
  public Optional<String> statusNews(String name, ComponentState before) {
    if (!status.equals(before.status)) {
      return Optional.of(name + " is now " + status + " (was " + before.status + ")"
          + ("ACTIVE".equals(status) ? "" : ": recipes that use it will fail; move them to a supported component"));
    }
    if (before.latestActiveVersion != null && latestActiveVersion != null
        && SemanticVersion.parse(latestActiveVersion).orElseThrow().compareTo(SemanticVersion.parse(before.latestActiveVersion).orElseThrow()) < 0) {
      return Optional.of(name + " " + before.latestActiveVersion + " is no longer ACTIVE; newest ACTIVE version is now " + latestActiveVersion
          + ": recipes pinned to " + before.latestActiveVersion + " will fail");
    }
    return Optional.empty();
  }
}
