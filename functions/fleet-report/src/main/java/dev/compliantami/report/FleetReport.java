package dev.compliantami.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code report.json}, schema version 1 (documented in the README). Fields are only ever added; a change of meaning
 * bumps {@link #SCHEMA_VERSION}. Percentages have one decimal; counts are instances unless named otherwise.
 */
public record FleetReport(
    int schemaVersion, Instant generatedAt, LocalDate reportDate, String period, String mode, BoundaryView boundary,
    PolicyView policy, Totals totals, List<AccountSummary> accounts, List<String> worstAccounts, List<Share> providers,
    List<Share> operatingSystems, List<Share> reasons, List<Share> instanceAgeDays, List<Share> imageAgeDays,
    List<InstanceRef> overMaxAge, List<InstanceRef> nearMaxAge, List<ExemptionRef> exemptions,
    List<InstanceRef> notSsmManaged, List<InstanceRef> likelyBastions, List<TargetStatus> targets) {

  static final int SCHEMA_VERSION = 1;

  public record BoundaryView(List<String> accountIds, List<String> regions) {}

  public record PolicyView(String factoryAccountId, Set<String> approvedProviders, int maxImageAgeDays, int deprecatedGraceDays,
      int maxExemptionDays, int maxInstanceAgeDays, int warnDaysBefore) {}

  /** Headline numbers; {@code compliantPercent} is null when no instance was read. */
  public record Totals(long instances, long compliant, long exempt, long violations, Double compliantPercent, long overMaxAge,
      long nearMaxAge, long validExemptions, long brokenExemptions, long notSsmManaged, long likelyBastions,
      long distinctImages, long targets, long unreadableTargets) {

    /** For the {@code Fleet Report Published} event. */
    Map<String, Long> asCounts() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("instances", instances);
      m.put("compliant", compliant);
      m.put("exempt", exempt);
      m.put("violations", violations);
      m.put("overMaxAge", overMaxAge);
      m.put("nearMaxAge", nearMaxAge);
      m.put("notSsmManaged", notSsmManaged);
      m.put("likelyBastions", likelyBastions);
      m.put("targets", targets);
      m.put("unreadableTargets", unreadableTargets);
      return m;
    }
  }

  public record AccountSummary(String accountId, long instances, long compliant, long exempt, long violations, Double compliantPercent) {}

  /** One slice of a distribution: {@code key} is a provider code, an OS label, a reason code or an age bucket. */
  public record Share(String key, long instances, double percent) {}

  public record InstanceRef(String accountId, String region, String instanceId, String name, String autoScalingGroup, String imageId,
      long ageDays, long daysUntilMaxAge) {}

  /** {@code status} is {@code valid} or a broken exemption's code (e.g. {@code EXEMPTION_EXPIRED}). */
  public record ExemptionRef(String accountId, String region, String instanceId, String name, String status, String until,
      String reason, String verdict) {}

  /** {@code status} is {@code read} or {@code unreadable} (then {@code error} says why). */
  public record TargetStatus(String accountId, String region, String status, long instances, String error) {}
}
