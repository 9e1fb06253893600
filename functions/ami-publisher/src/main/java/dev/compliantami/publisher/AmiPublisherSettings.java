package dev.compliantami.publisher;

import dev.compliantami.config.CommonSettings;
import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import dev.compliantami.fleet.BoundarySettings;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ami-publisher's settings, validated once at init.
 *
 * @param organizationId {@code o-…}, from the organization or OU ARNs (null when nothing is shared: the
 *     AMIs then stay in the factory account, still gated, tagged and rolled forward there)
 * @param maxHigh null when HIGH findings are not gated
 * @param centralAccountId the account the suite (and the factory's AMIs) live in: the topic's account
 */
record AmiPublisherSettings(
    CommonSettings common,
    List<String> organizationArns,
    List<String> ouArns,
    String organizationId,
    int maxCritical,
    Integer maxHigh,
    int deprecateAfterDays,
    String centralAccountId,
    BoundarySettings boundary) {

  private static final Pattern ORG_ARN = Pattern.compile("arn:aws[a-z-]*:organizations::\\d{12}:organization/(o-[a-z0-9]{10,32})");
  private static final Pattern OU_ARN = Pattern.compile("arn:aws[a-z-]*:organizations::\\d{12}:ou/(o-[a-z0-9]{10,32})/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}");

  static AmiPublisherSettings from(EnvReader env) {
    CommonSettings common = CommonSettings.from(env);
    List<String> orgs = env.list("ORGANIZATION_ARN", s -> ORG_ARN.matcher(s).matches(), "an organization ARN arn:aws:organizations::<management-account>:organization/o-…");
    if (orgs.size() > 1) {
      throw new ConfigException("ORGANIZATION_ARN", "one organization ARN", String.join(",", orgs));
    }
    List<String> ous = env.list("SHARE_WITH_OU_ARNS", s -> OU_ARN.matcher(s).matches(), "OU ARNs arn:aws:organizations::<management-account>:ou/o-…/ou-…");
    String orgId = orgs.isEmpty() && ous.isEmpty() ? null : organizationId(orgs.isEmpty() ? ous.get(0) : orgs.get(0));
    String maxHigh = env.optional("MAX_HIGH_FINDINGS");
    return new AmiPublisherSettings(
        common,
        orgs,
        ous,
        orgId,
        env.intInRange("MAX_CRITICAL_FINDINGS", 0, 0, 10_000),
        maxHigh == null ? null : env.intInRange("MAX_HIGH_FINDINGS", 0, 0, 10_000),
        env.intInRange("DEPRECATE_SUPERSEDED_AFTER_DAYS", 7, 1, 3650),
        common.centralAccountId(),
        BoundarySettings.from(env, common.region()));
  }

  boolean shares() {
    return organizationId != null;
  }

  private static String organizationId(String arn) {
    Matcher m = ORG_ARN.matcher(arn);
    if (m.matches()) {
      return m.group(1);
    }
    Matcher ou = OU_ARN.matcher(arn);
    return ou.matches() ? ou.group(1) : null;
  }
}
