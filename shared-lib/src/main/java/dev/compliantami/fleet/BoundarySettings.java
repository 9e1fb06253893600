package dev.compliantami.fleet;

import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where fleet-wide work happens and how hard it may push.
 *
 * <p>The boundary is either {@code BOUNDARY_ACCOUNT_IDS} (12-digit account ids) or {@code BOUNDARY_OU_IDS}
 * (OU ids {@code ou-xxxx-xxxxxxxx} or the root id {@code r-xxxx}, every ACTIVE account beneath them, nested OUs
 * included), never both. <b>Neither set means the central account only</b> (both lists empty), so a single-account
 * deploy needs no boundary parameters. {@code BOUNDARY_REGIONS} defaults to the function's own region.
 *
 * @param accountIds explicit accounts, deduplicated, in the configured order; empty when OUs or neither are set
 * @param ouIds OU or root ids, deduplicated; empty when accounts or neither are set
 * @param regions deduplicated, in the configured order, never empty
 * @param memberRoleName the role assumed in member accounts ({@code MEMBER_ROLE_NAME})
 * @param parallelism account/region pairs worked on at once ({@code FLEET_PARALLELISM}, 1–64)
 * @param requestsPerSecond client-side limit per account/region ({@code FLEET_REQUESTS_PER_SECOND}, 0.1–100)
 */
public record BoundarySettings(
    List<String> accountIds,
    List<String> ouIds,
    List<String> regions,
    String memberRoleName,
    int parallelism,
    double requestsPerSecond) {

  public static final String ACCOUNTS = "BOUNDARY_ACCOUNT_IDS";
  public static final String OUS = "BOUNDARY_OU_IDS";
  public static final String REGIONS = "BOUNDARY_REGIONS";
  public static final String ROLE = "MEMBER_ROLE_NAME";
  public static final String PARALLELISM = "FLEET_PARALLELISM";
  public static final String RATE = "FLEET_REQUESTS_PER_SECOND";
  public static final String DEFAULT_ROLE = "compliant-ami-member";

  static final Pattern OU_OR_ROOT = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}");
  static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
  static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  static final Pattern DECIMAL = Pattern.compile("\\d{1,6}(\\.\\d{1,6})?|\\.\\d{1,6}");
  static final double MIN_RATE = 0.1;
  static final double MAX_RATE = 100;

  public BoundarySettings {
    accountIds = List.copyOf(accountIds);
    ouIds = List.copyOf(ouIds);
    regions = List.copyOf(regions);
    if (!accountIds.isEmpty() && !ouIds.isEmpty()) {
      throw new IllegalArgumentException("accounts and OUs are exclusive");
    }
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("no region");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism < 1");
    }
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException("requestsPerSecond must be > 0");
    }
  }

  /** Reads and validates the variables; every failure is a {@link ConfigException} naming the variable. */
  public static BoundarySettings from(EnvReader env, String defaultRegion) {
    List<String> accounts = distinct(env.list(ACCOUNTS, a -> Target.ACCOUNT_ID.matcher(a).matches(),
        "12-digit AWS account ids"));
    List<String> ous = distinct(env.list(OUS, o -> OU_OR_ROOT.matcher(o).matches(),
        "OU ids (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)"));
    if (!accounts.isEmpty() && !ous.isEmpty()) {
      throw new ConfigException(ACCOUNTS, "it unset when " + OUS + " is set: give either " + ACCOUNTS
          + " (12-digit account ids) or " + OUS + " (ou-xxxx-xxxxxxxx or r-xxxx ids), not both;"
          + " neither means the central account only", env.optional(ACCOUNTS));
    }
    List<String> regions = distinct(env.list(REGIONS, r -> REGION.matcher(r).matches(),
        "AWS region names such as us-east-1"));
    if (regions.isEmpty()) {
      regions = List.of(defaultRegion);
    }
    String role = env.optional(ROLE, DEFAULT_ROLE);
    if (!ROLE_NAME.matcher(role).matches()) {
      throw new ConfigException(ROLE, "an IAM role name (1-64 of A-Z a-z 0-9 + = , . @ _ -), without a path", role);
    }
    int parallelism = env.intInRange(PARALLELISM, 8, 1, 64);
    return new BoundarySettings(accounts, ous, regions, role, parallelism, rate(env));
  }

  /** True when neither accounts nor OUs are configured: the boundary is the central account. */
  public boolean centralAccountOnly() {
    return accountIds.isEmpty() && ouIds.isEmpty();
  }

  private static double rate(EnvReader env) {
    String raw = env.optional(RATE);
    if (raw == null) {
      return 5;
    }
    String expected = "a number of requests per second from " + MIN_RATE + " to " + (int) MAX_RATE;
    double v = DECIMAL.matcher(raw).matches() ? Double.parseDouble(raw) : Double.NaN;
    if (!(v >= MIN_RATE && v <= MAX_RATE)) {
      throw new ConfigException(RATE, expected, raw);
    }
    return v;
  }

  private static List<String> distinct(List<String> items) {
    return List.copyOf(new LinkedHashSet<>(items));
  }
}
