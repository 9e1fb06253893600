package dev.compliantami.report;

import dev.compliantami.policy.Exemption;
import dev.compliantami.policy.ImageVerdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Pure: the report's aggregates from the rows of every readable account/region and the unreadable ones. */
final class FleetAggregation {
  /** Upper bounds (inclusive) of the age buckets, in days; the last bucket is open. */
  static final long[] INSTANCE_AGE_BOUNDS = {7, 14, 30, 60, 90, 180};
  static final long[] IMAGE_AGE_BOUNDS = {30, 60, 90, 180, 365};

  private FleetAggregation() {}

  /** One account/region: read (with its rows) or not (with the error). */
  record TargetRows(String accountId, String region, List<InstanceRow> rows, String error) {}

  record Context(Instant generatedAt, LocalDate reportDate, String period, String mode, List<String> accountIds,
      List<String> regions) {}

  static FleetReport aggregate(List<TargetRows> targets, JudgedRow.Judge judge, Context ctx) {
    long instances = 0;
    long compliant = 0;
    long exempt = 0;
    long violations = 0;
    long validExemptions = 0;
    long brokenExemptions = 0;
    Map<String, long[]> accounts = new TreeMap<>(); // instances, compliant, exempt, violations
    Map<String, Long> providers = new LinkedHashMap<>();
    for (ImageClassification.Provider p : ImageClassification.Provider.values()) {
      providers.put(p.code(), 0L);
    }
    Map<String, Long> os = new TreeMap<>();
    Map<String, Long> reasons = new TreeMap<>();
    long[] instanceAges = new long[INSTANCE_AGE_BOUNDS.length + 1];
    long[] imageAges = new long[IMAGE_AGE_BOUNDS.length + 2]; // last: unknown
    Set<String> images = new HashSet<>();
    List<FleetReport.InstanceRef> over = new ArrayList<>();
    List<FleetReport.InstanceRef> near = new ArrayList<>();
    List<FleetReport.InstanceRef> notManaged = new ArrayList<>();
    List<FleetReport.InstanceRef> bastions = new ArrayList<>();
    List<FleetReport.ExemptionRef> exemptions = new ArrayList<>();
    List<FleetReport.TargetStatus> statuses = new ArrayList<>();
    for (TargetRows t : targets) {
      if (t.error() != null) {
        statuses.add(new FleetReport.TargetStatus(t.accountId(), t.region(), "unreadable", 0, t.error()));
        accounts.computeIfAbsent(t.accountId(), a -> new long[4]);
        continue;
      }
      statuses.add(new FleetReport.TargetStatus(t.accountId(), t.region(), "read", t.rows().size(), null));
      long[] acc = accounts.computeIfAbsent(t.accountId(), a -> new long[4]);
      for (InstanceRow row : t.rows()) {
        JudgedRow j = judge.judge(row);
        instances++;
        acc[0]++;
        switch (j.verdict().outcome()) {
          case COMPLIANT -> { compliant++; acc[1]++; }
          case EXEMPT -> { exempt++; acc[2]++; }
          case VIOLATION -> { violations++; acc[3]++; }
        }
        providers.merge(j.provider().code(), 1L, Long::sum);
        os.merge(j.os().label(), 1L, Long::sum);
        for (String code : j.verdict().codes()) {
          reasons.merge(code, 1L, Long::sum);
        }
        instanceAges[bucket(INSTANCE_AGE_BOUNDS, j.ageDays())]++;
        imageAges[j.imageAgeDays() == null ? IMAGE_AGE_BOUNDS.length + 1 : bucket(IMAGE_AGE_BOUNDS, j.imageAgeDays())]++;
        images.add(row.region() + "/" + row.image().imageId());
        FleetReport.InstanceRef ref = null;
        if (j.overMaxAge() || j.nearMaxAge() || !row.ssmManaged() || row.bastion()) {
          ref = new FleetReport.InstanceRef(row.accountId(), row.region(), row.instanceId(), row.name(), row.autoScalingGroup(),
              row.image().imageId(), j.ageDays(), j.daysUntilMaxAge());
        }
        if (j.overMaxAge()) {
          over.add(ref);
        }
        if (j.nearMaxAge()) {
          near.add(ref);
        }
        if (!row.ssmManaged()) {
          notManaged.add(ref);
        }
        if (row.bastion()) {
          bastions.add(ref);
        }
        Exemption e = j.verdict().exemption();
        if (!(e instanceof Exemption.None)) {
          if (e.exempts()) {
            validExemptions++;
          } else {
            brokenExemptions++;
          }
          exemptions.add(new FleetReport.ExemptionRef(row.accountId(), row.region(), row.instanceId(), row.name(),
              j.exemptionStatus(), row.exemptUntil(), row.exemptReason(), j.verdict().outcome().name()));
        }
      }
    }
    List<FleetReport.AccountSummary> perAccount = new ArrayList<>();
    accounts.forEach((id, a) -> perAccount.add(new FleetReport.AccountSummary(id, a[0], a[1], a[2], a[3], percentOrNull(a[1], a[0]))));
    long unreadable = statuses.stream().filter(s -> s.error() != null).count();
    FleetReport.Totals totals = new FleetReport.Totals(instances, compliant, exempt, violations, percentOrNull(compliant, instances),
        over.size(), near.size(), validExemptions, brokenExemptions, notManaged.size(), bastions.size(), images.size(),
        statuses.size(), unreadable);
    Comparator<FleetReport.InstanceRef> byAge = Comparator.comparingLong(FleetReport.InstanceRef::ageDays).reversed();
    over.sort(byAge);
    near.sort(Comparator.comparingLong(FleetReport.InstanceRef::daysUntilMaxAge));
    var approval = judge.approval();
    return new FleetReport(FleetReport.SCHEMA_VERSION, ctx.generatedAt(), ctx.reportDate(), ctx.period(), ctx.mode(),
        new FleetReport.BoundaryView(ctx.accountIds(), ctx.regions()),
        new FleetReport.PolicyView(approval.factoryAccountId(), new java.util.TreeSet<>(approval.approvedProviders()),
            approval.maxImageAgeDays(), approval.deprecatedGraceDays(), approval.maxExemptionDays(), judge.maxInstanceAgeDays(),
            judge.warnDaysBefore()),
        totals, perAccount, worst(perAccount, 3), shares(providers, instances, false), shares(os, instances, true),
        shares(reasons, instances, true), histogram(INSTANCE_AGE_BOUNDS, instanceAges, instances, false),
        histogram(IMAGE_AGE_BOUNDS, imageAges, instances, true), over, near, exemptions, notManaged, bastions, statuses);
  }

  /** Accounts with violations, lowest compliance first (then most violations, then id). */
  static List<String> worst(List<FleetReport.AccountSummary> accounts, int n) {
    return accounts.stream().filter(a -> a.violations() > 0)
        .sorted(Comparator.comparingDouble((FleetReport.AccountSummary a) -> a.compliantPercent() == null ? 100 : a.compliantPercent())
            .thenComparing(Comparator.comparingLong(FleetReport.AccountSummary::violations).reversed())
            .thenComparing(FleetReport.AccountSummary::accountId))
        .limit(n).map(FleetReport.AccountSummary::accountId).toList();
  }

  static int bucket(long[] bounds, long days) {
    for (int i = 0; i < bounds.length; i++) {
      if (days <= bounds[i]) {
        return i;
      }
    }
    return bounds.length;
  }

  static List<FleetReport.Share> histogram(long[] bounds, long[] counts, long total, boolean withUnknown) {
    List<FleetReport.Share> out = new ArrayList<>();
    long low = 0;
    for (int i = 0; i < bounds.length; i++) {
      out.add(new FleetReport.Share(low + "-" + bounds[i], counts[i], percent(counts[i], total)));
      low = bounds[i] + 1;
    }
    out.add(new FleetReport.Share(">" + bounds[bounds.length - 1], counts[bounds.length], percent(counts[bounds.length], total)));
    if (withUnknown) {
      out.add(new FleetReport.Share("unknown", counts[bounds.length + 1], percent(counts[bounds.length + 1], total)));
    }
    return out;
  }

  /** Shares of {@code total}; {@code sortByCount}: largest first, else in the map's order. */
  static List<FleetReport.Share> shares(Map<String, Long> counts, long total, boolean sortByCount) {
    List<FleetReport.Share> out = new ArrayList<>();
    counts.forEach((k, v) -> out.add(new FleetReport.Share(k, v, percent(v, total))));
    if (sortByCount) {
      out.sort(Comparator.comparingLong(FleetReport.Share::instances).reversed().thenComparing(FleetReport.Share::key));
    }
    return out;
  }

  /** One decimal, half up; 0 when total is 0. */
  static double percent(long part, long total) {
    return total == 0 ? 0 : Math.round(part * 1000.0 / total) / 10.0;
  }

  static Double percentOrNull(long part, long total) {
    return total == 0 ? null : percent(part, total);
  }

  /** Verdict outcome as the CSV and tables show it. */
  static String outcome(ImageVerdict v) {
    return v.outcome().name();
  }
}
