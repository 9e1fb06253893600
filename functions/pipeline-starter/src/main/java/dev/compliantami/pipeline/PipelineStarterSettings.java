package dev.compliantami.pipeline;

import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.EnvReader;
import dev.compliantami.config.WatchedBaseImage;
import java.util.List;

/**
 * pipeline-starter's settings, validated once at init.
 *
 * @param watchedBaseImages the same list release-watcher watches: a {@code Base Image Updated} for a
 *     name configured as {@code name=ssm:<path>} also concerns recipes whose parent is that parameter
 */
record PipelineStarterSettings(CommonSettings common, int maxStartsPerRun, List<WatchedBaseImage> watchedBaseImages) {

  static PipelineStarterSettings from(EnvReader env) {
    return new PipelineStarterSettings(
        CommonSettings.from(env),
        env.intInRange("MAX_PIPELINE_STARTS_PER_RUN", 20, 1, 100),
        WatchedBaseImage.parseAll("WATCHED_BASE_IMAGES", env.optional("WATCHED_BASE_IMAGES")));
  }

  String ssmParameterOf(String baseImage) {
    return watchedBaseImages.stream()
        .filter(w -> w.name().equals(baseImage))
        .findFirst()
        .flatMap(WatchedBaseImage::ssmParameter)
        .orElse(null);
  }
}
