package dev.compliantami.report;

import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import dev.compliantami.fleet.BoundarySettings;
import dev.compliantami.policy.ApprovalPolicy;
import java.util.LinkedHashSet;
import java.util.regex.Pattern;

/**
 * fleet-report's settings, read once at init. The approval parameters are launch-auditor's (same names, same
 * meaning), so the report's verdict is the auditor's.
 *
 * @param reportBucket {@code REPORT_BUCKET}, where reports are written under {@code reports/}
 * @param maxInstanceAgeDays {@code MAX_INSTANCE_AGE_DAYS}, the reaper's limit (default 30)
 * @param warnDaysBefore {@code WARN_DAYS_BEFORE}: an instance this close to the limit is "near max age" (default 7)
 */
record FleetReportSettings(
    CommonSettings common, String centralAccountId, BoundarySettings boundary, ApprovalPolicy approval,
    String reportBucket, int maxInstanceAgeDays, int warnDaysBefore) {

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern PROVIDER = Pattern.compile("\\d{12}|amazon|aws-marketplace");

  static FleetReportSettings from(EnvReader env) {
    CommonSettings common = CommonSettings.from(env);
    String central = common.notifyTopicArn().split(":")[4];
    String factory = env.accountId("FACTORY_ACCOUNT_ID");
    var providers = new LinkedHashSet<>(env.list("APPROVED_IMAGE_PROVIDERS", p -> PROVIDER.matcher(p).matches(),
        "12-digit account ids or the aliases amazon / aws-marketplace"));
    ApprovalPolicy approval = new ApprovalPolicy(factory, providers,
        env.intInRange("MAX_IMAGE_AGE_DAYS", 90, 1, 3650),
        env.intInRange("DEPRECATED_GRACE_DAYS", 0, 0, 3650),
        env.intInRange("MAX_EXEMPTION_DAYS", 90, 0, 3650));
    String bucket = env.required("REPORT_BUCKET", "an S3 bucket name");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new ConfigException("REPORT_BUCKET", "an S3 bucket name (3-63 of a-z 0-9 . -)", bucket);
    }
    return new FleetReportSettings(common, central, BoundarySettings.from(env, common.region()), approval, bucket,
        env.intInRange("MAX_INSTANCE_AGE_DAYS", 30, 1, 3650), env.intInRange("WARN_DAYS_BEFORE", 7, 0, 365));
  }
}
