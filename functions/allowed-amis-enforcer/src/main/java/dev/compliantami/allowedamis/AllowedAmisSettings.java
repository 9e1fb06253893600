package dev.compliantami.allowedamis;

import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import dev.compliantami.fleet.BoundarySettings;
import dev.compliantami.policy.AllowedImagesDesired;
import dev.compliantami.policy.AllowedImagesSettingError;

/** allowed-amis-enforcer's settings, validated once at init (API limits included). */
record AllowedAmisSettings(CommonSettings common, AllowedImagesDesired desired, String centralAccountId, BoundarySettings boundary) {

  static AllowedAmisSettings from(EnvReader env) {
    CommonSettings common = CommonSettings.from(env);
    AllowedImagesDesired desired;
    try {
      desired = AllowedImagesDesired.fromSettings(env::optional);
    } catch (AllowedImagesSettingError e) {
      throw new ConfigException(e.setting(), e.expected(), e.entry() != null ? e.entry() : e.actual());
    }
    return new AllowedAmisSettings(common, desired, common.centralAccountId(), BoundarySettings.from(env, common.region()));
  }
}
