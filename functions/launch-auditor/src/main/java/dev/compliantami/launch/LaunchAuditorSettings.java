package dev.compliantami.launch;

import dev.compliantami.config.ApprovalSettings;
import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import dev.compliantami.fleet.BoundarySettings;
import dev.compliantami.policy.ApprovalPolicy;
import dev.compliantami.policy.LaunchAction;

/**
 * launch-auditor's settings, validated once at init.
 *
 * @param policy the verdict's rules (factory, approved providers, image age, deprecation grace, exemption span)
 * @param action {@code LAUNCH_AUDITOR_ACTION}: what enforce mode does about a violation
 * @param centralAccountId the account the function runs in (from the topic ARN)
 * @param caps {@code MAX_TERMINATIONS_PER_RUN} (default 10, 0 = no disruptive action) and {@code
 *     MAX_REPLACEMENTS_PER_GROUP} (default 1): disruptive steps per invocation and per Auto Scaling group
 */
record LaunchAuditorSettings(CommonSettings common, ApprovalPolicy policy, LaunchAction.Configured action, String centralAccountId,
    BoundarySettings boundary, LaunchAction.Caps caps) {

  static LaunchAuditorSettings from(EnvReader env) {
    CommonSettings common = CommonSettings.from(env);
    ApprovalPolicy policy = ApprovalSettings.from(env);
    String rawAction = env.optional("LAUNCH_AUDITOR_ACTION", "notify");
    LaunchAction.Configured action = LaunchAction.Configured.parse(rawAction);
    if (action == null) {
      throw new ConfigException("LAUNCH_AUDITOR_ACTION", "one of notify, tag, stop, terminate", rawAction);
    }
    LaunchAction.Caps caps = new LaunchAction.Caps(env.intInRange("MAX_TERMINATIONS_PER_RUN", 10, 0, 1000),
        env.intInRange("MAX_REPLACEMENTS_PER_GROUP", 1, 1, 100));
    return new LaunchAuditorSettings(common, policy, action,
        common.centralAccountId(), BoundarySettings.from(env, common.region()), caps);
  }
}
