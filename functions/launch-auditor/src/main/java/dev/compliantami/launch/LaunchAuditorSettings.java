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
 */
record LaunchAuditorSettings(CommonSettings common, ApprovalPolicy policy, LaunchAction.Configured action, String centralAccountId,
    BoundarySettings boundary) {

  static LaunchAuditorSettings from(EnvReader env) {
    CommonSettings common = CommonSettings.from(env);
    ApprovalPolicy policy = ApprovalSettings.from(env);
    String rawAction = env.optional("LAUNCH_AUDITOR_ACTION", "notify");
    LaunchAction.Configured action = LaunchAction.Configured.parse(rawAction);
    if (action == null) {
      throw new ConfigException("LAUNCH_AUDITOR_ACTION", "one of notify, tag, stop, terminate", rawAction);
    }
    return new LaunchAuditorSettings(common, policy, action,
        common.notifyTopicArn().split(":")[4], BoundarySettings.from(env, common.region()));
  }
}
