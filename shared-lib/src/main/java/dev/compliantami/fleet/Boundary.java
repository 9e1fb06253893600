package dev.compliantami.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The accounts × regions a fleet-wide function acts in. Accounts are deduplicated and sorted; regions keep their
 * configured order (deduplicated); {@link #targets()} is account-major.
 */
public final class Boundary {
  private final List<String> accountIds;
  private final List<String> regions;

  private Boundary(List<String> accountIds, List<String> regions) {
    this.accountIds = accountIds;
    this.regions = regions;
  }

  /** A boundary of exactly these accounts and regions (pure). */
  public static Boundary of(Collection<String> accountIds, Collection<String> regions) {
    List<String> accounts = List.copyOf(new TreeSet<>(accountIds));
    for (String a : accounts) {
      if (!Target.ACCOUNT_ID.matcher(a).matches()) {
        throw new IllegalArgumentException("not a 12-digit account id: '" + a + "'");
      }
    }
    List<String> distinctRegions = List.copyOf(new LinkedHashSet<>(regions));
    if (distinctRegions.stream().anyMatch(r -> r == null || r.isBlank())) {
      throw new IllegalArgumentException("blank region in " + regions);
    }
    return new Boundary(accounts, distinctRegions);
  }

  /**
   * Resolves the settings: the configured account ids; or every ACTIVE account under the configured OUs, asked of
   * {@code directory} (only then); or, when neither is configured, the central account alone.
   */
  public static Boundary resolve(BoundarySettings settings, String centralAccountId, AccountDirectory directory) {
    if (!settings.accountIds().isEmpty()) {
      return of(settings.accountIds(), settings.regions());
    }
    if (!settings.ouIds().isEmpty()) {
      return of(Objects.requireNonNull(directory, "directory").activeAccountIds(settings.ouIds()), settings.regions());
    }
    return of(List.of(centralAccountId), settings.regions());
  }

  /** Accounts × regions, account-major: {@code (a1,r1), (a1,r2), (a2,r1), …}. */
  public List<Target> targets() {
    List<Target> out = new ArrayList<>(accountIds.size() * regions.size());
    for (String account : accountIds) {
      for (String region : regions) {
        out.add(new Target(account, region));
      }
    }
    return List.copyOf(out);
  }

  public List<String> accountIds() {
    return accountIds;
  }

  public List<String> regions() {
    return regions;
  }

  @Override
  public String toString() {
    return "Boundary" + accountIds + "x" + regions;
  }
}
