package dev.compliantami.pipeline;

import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.EnvReader;

/** pipeline-starter's settings, validated once at init. */
record PipelineStarterSettings(CommonSettings common, int maxStartsPerRun) {

  static PipelineStarterSettings from(EnvReader env) {
    return new PipelineStarterSettings(
        CommonSettings.from(env), env.intInRange("MAX_PIPELINE_STARTS_PER_RUN", 20, 1, 100));
  }
}
