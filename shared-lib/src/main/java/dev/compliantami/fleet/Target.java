package dev.compliantami.fleet;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/** One account in one region: the unit of fleet-wide work. */
public record Target(String accountId, String region) implements Comparable<Target> {
  static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Comparator<Target> ORDER =
      Comparator.comparing(Target::accountId).thenComparing(Target::region);

  public Target {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(region, "region");
    if (!ACCOUNT_ID.matcher(accountId).matches()) {
      throw new IllegalArgumentException("not a 12-digit account id: '" + accountId + "'");
    }
    if (region.isBlank()) {
      throw new IllegalArgumentException("blank region");
    }
  }

  /** {@code 111122223333/eu-west-1}, for logs and results. */
  public String label() {
    return accountId + "/" + region;
  }

  @Override
  public int compareTo(Target other) {
    return ORDER.compare(this, other);
  }
}
