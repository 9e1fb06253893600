package dev.compliantami.reaper;

import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import dev.compliantami.fleet.BoundarySettings;
import dev.compliantami.policy.ReplacementPlan.Limits;
import dev.compliantami.policy.ReplacementPlan.StandaloneAction;

/**
 * instance-reaper's settings, validated once at init.
 *
 * @param maxAgeDays MAX_INSTANCE_AGE_DAYS: an instance strictly older than this many whole days is over age
 * @param warnDaysBefore WARN_DAYS_BEFORE: instances passing the maximum age within this many days are listed ahead
 * @param maxExemptionDays MAX_EXEMPTION_DAYS: the furthest an exemption tag may reach
 */
record ReaperSettings(CommonSettings common, String centralAccountId, BoundarySettings boundary, int maxAgeDays,
    int warnDaysBefore, int maxExemptionDays, Limits limits) {

  static ReaperSettings from(EnvReader env) {
    CommonSettings common = CommonSettings.from(env);
    String rawAction = env.optional("STANDALONE_ACTION", "notify");
    StandaloneAction action = StandaloneAction.parse(rawAction);
    if (action == null) {
      throw new ConfigException("STANDALONE_ACTION", "'notify', 'stop' or 'terminate'", rawAction);
    }
    Limits limits = new Limits(
        env.intInRange("MAX_TERMINATIONS_PER_RUN", 10, 0, 1000),
        env.intInRange("MAX_TERMINATION_PERCENT_PER_ACCOUNT", 10, 1, 100),
        env.intInRange("MAX_REPLACEMENTS_PER_GROUP", 1, 1, 100),
        env.intInRange("INSTANCE_REFRESH_THRESHOLD_PERCENT", 0, 0, 100),
        action);
    return new ReaperSettings(common, common.centralAccountId(), BoundarySettings.from(env, common.region()),
        env.intInRange("MAX_INSTANCE_AGE_DAYS", 30, 1, 3650),
        env.intInRange("WARN_DAYS_BEFORE", 5, 0, 365),
        env.intInRange("MAX_EXEMPTION_DAYS", 90, 1, 3650),
        limits);
  }
}
