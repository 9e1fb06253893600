package dev.compliantami.report;

import dev.compliantami.config.ApprovalSettings;
import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import dev.compliantami.fleet.BoundarySettings;
import dev.compliantami.policy.ApprovalPolicy;
import java.util.regex.Pattern;

/**
 * fleet-report's settings, read once at init. The approval parameters are launch-auditor's (same names, same
 * meaning), so the report's verdict is the auditor's.
 *
 * @param reportBucket {@code REPORT_BUCKET}, where reports are written under {@code reports/}
 * @param maxInstanceAgeDays {@code MAX_INSTANCE_AGE_DAYS}, the reaper's limit (default 30)
 * @param warnDaysBefore {@code WARN_DAYS_BEFORE}: an instance this close to the limit is "near max age" (default 5)
 */
record FleetReportSettings(
    CommonSettings common, String centralAccountId, BoundarySettings boundary, ApprovalPolicy approval,
    String reportBucket, int maxInstanceAgeDays, int warnDaysBefore) {

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  static FleetReportSettings from(EnvReader env) {
    CommonSettings common = CommonSettings.from(env);
    String central = common.centralAccountId();
    ApprovalPolicy approval = ApprovalSettings.from(env);
    String bucket = env.required("REPORT_BUCKET", "an S3 bucket name");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new ConfigException("REPORT_BUCKET", "an S3 bucket name (3-63 of a-z 0-9 . -)", bucket);
    }
    return new FleetReportSettings(common, central, BoundarySettings.from(env, common.region()), approval, bucket,
        env.intInRange("MAX_INSTANCE_AGE_DAYS", 30, 1, 3650), env.intInRange("WARN_DAYS_BEFORE", 5, 0, 365));
  }
}
