package dev.compliantami.watcher;

import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import dev.compliantami.config.WatchedBaseImage;
import java.util.List;

/**
 * release-watcher's settings, validated once at init.
 *
 * @param factoryRegions where base images are watched and managed pipelines discovered (default: the
 *     function's region); components are watched in the function's region
 */
record ReleaseWatcherSettings(
    CommonSettings common,
    List<WatchedBaseImage> baseImages,
    List<String> factoryRegions,
    List<String> components,
    boolean discoverPipelineParents,
    boolean emitOnFirstObservation,
    String stateTable) {

  static final String DEFAULT_COMPONENTS =
      "stig-build-linux,stig-build-linux-high,stig-build-linux-medium,stig-build-linux-low,"
          + "stig-build-windows-high,stig-build-windows-medium,stig-build-windows-low,"
          + "scap-compliance-checker-linux,scap-compliance-checker-windows";

  static ReleaseWatcherSettings from(EnvReader env) {
    CommonSettings common = CommonSettings.from(env);
    List<String> regions =
        env.list("FACTORY_REGIONS", r -> r.matches("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d"), "AWS region names such as us-east-1");
    String components = env.optional("WATCHED_COMPONENTS", DEFAULT_COMPONENTS);
    return new ReleaseWatcherSettings(
        common,
        WatchedBaseImage.parseAll("WATCHED_BASE_IMAGES", env.optional("WATCHED_BASE_IMAGES")),
        regions.isEmpty() ? List.of(common.region()) : regions,
        new EnvReader(java.util.Map.of("WATCHED_COMPONENTS", components))
            .list("WATCHED_COMPONENTS", c -> c.matches("[a-z0-9][a-z0-9_-]{0,127}"), "Image Builder component names"),
        bool(env, "DISCOVER_PIPELINE_PARENTS", true),
        bool(env, "EMIT_ON_FIRST_OBSERVATION", false),
        env.required("STATE_TABLE", "the name of the suite's DynamoDB state table"));
  }

  private static boolean bool(EnvReader env, String name, boolean defaultValue) {
    String v = env.optional(name);
    if (v == null) {
      return defaultValue;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new ConfigException(name, "true or false", v);
    }
    return Boolean.parseBoolean(v);
  }
}
