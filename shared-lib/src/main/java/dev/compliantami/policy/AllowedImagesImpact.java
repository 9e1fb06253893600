package dev.compliantami.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which running instances use images the desired criteria would not allow — the impact of switching from
 * {@code audit-mode} to {@code enabled}, from {@code DescribeInstanceImageMetadata}.
 *
 * <p>Matching, as AWS documents it (the combination rules are UNCONFIRMED in the reference): an image is
 * allowed when it is owned by the account itself, or when it satisfies at least one criterion (OR across
 * criteria); it satisfies a criterion when it satisfies every condition the criterion sets (AND within), a
 * condition being satisfied by any one of its values (OR within a field):
 * <ul>
 *   <li>providers: a 12-digit account ID matches the image's owner ID; {@code amazon},
 *       {@code aws-marketplace} and {@code aws-backup-vault} match the owner alias of that name; {@code none}
 *       matches nothing (own-account images are allowed anyway);</li>
 *   <li>image names: {@code *} matches any run of characters (also none), {@code ?} exactly one;
 *       case-sensitive; the whole name must match;</li>
 *   <li>marketplace product codes: one of the image's product codes; when they are unknown (null — the
 *       instance image metadata does not carry them) the condition counts as failed;</li>
 *   <li>maximum days since created N: created no more than N×24h before {@code now}; an unknown creation
 *       date fails;</li>
 *   <li>maximum days since deprecated N: not deprecated (no deprecation time, or one in the future), or
 *       deprecated less than N×24h ago — so 0 excludes every deprecated image.</li>
 * </ul>
 * Unknown facts count as failures, so the report errs on the side of listing an instance.
 */
public final class AllowedImagesImpact {
  private AllowedImagesImpact() {}

  /**
   * The facts of one instance's image ({@code InstanceImageMetadata.ImageMetadata}).
   *
   * @param imageCreationDate null when unknown
   * @param imageDeprecationTime null when the image is not deprecated
   * @param imageProductCodes the image's marketplace product codes, null when unknown
   */
  public record InstanceImage(
      String instanceId, String imageId, String imageName, String imageOwnerId, String imageOwnerAlias,
      Instant imageCreationDate, Instant imageDeprecationTime, Set<String> imageProductCodes) {

    public InstanceImage {
      imageProductCodes = imageProductCodes == null ? null : Set.copyOf(imageProductCodes);
    }

    /** Product codes unknown (what {@code DescribeInstanceImageMetadata} gives). */
    public InstanceImage(
        String instanceId, String imageId, String imageName, String imageOwnerId, String imageOwnerAlias,
        Instant imageCreationDate, Instant imageDeprecationTime) {
      this(instanceId, imageId, imageName, imageOwnerId, imageOwnerAlias, imageCreationDate, imageDeprecationTime, null);
    }
  }

  public enum Field { PROVIDER, IMAGE_NAME, MARKETPLACE_PRODUCT_CODE, CREATION_DATE, DEPRECATION_TIME }

  /** Why the image fails criterion {@code criterion} (1-based): the failed fields and one detail each. */
  public record Miss(int criterion, Set<Field> failed, List<String> details) {
    public Miss {
      failed = Collections.unmodifiableSet(EnumSet.copyOf(failed));
      details = List.copyOf(details);
    }

    public String describe() {
      return "criterion " + criterion + ": " + String.join("; ", details);
    }
  }

  /** An instance the criteria would not allow, with one {@link Miss} per criterion (none when there are no criteria). */
  public record Disallowed(InstanceImage instance, List<Miss> misses) {
    public Disallowed {
      misses = List.copyOf(misses);
    }

    public String reason() {
      return misses.isEmpty()
          ? "no criteria: only the account's own AMIs are allowed"
          : misses.stream().map(Miss::describe).collect(Collectors.joining(" | "));
    }
  }

  /** The instances, in input order, whose images {@code criteria} would not allow in account {@code ownAccountId}. */
  public static List<Disallowed> disallowed(
      List<AllowedImagesCriterion> criteria, String ownAccountId, List<InstanceImage> instances, Instant now) {
    List<Disallowed> out = new ArrayList<>();
    for (InstanceImage i : instances) {
      if (ownAccountId != null && ownAccountId.equals(i.imageOwnerId())) {
        continue;
      }
      List<Miss> misses = new ArrayList<>();
      boolean allowed = false;
      for (int c = 0; c < criteria.size() && !allowed; c++) {
        Miss miss = miss(c + 1, criteria.get(c), i, now);
        if (miss == null) {
          allowed = true;
        } else {
          misses.add(miss);
        }
      }
      if (!allowed) {
        out.add(new Disallowed(i, misses));
      }
    }
    return List.copyOf(out);
  }

  public static boolean allowed(List<AllowedImagesCriterion> criteria, String ownAccountId, InstanceImage image, Instant now) {
    return disallowed(criteria, ownAccountId, List.of(image), now).isEmpty();
  }

  /** Whether the image satisfies this one criterion. */
  public static boolean matches(AllowedImagesCriterion criterion, InstanceImage image, Instant now) {
    return miss(1, criterion, image, now) == null;
  }

  /** Null when the image satisfies the criterion. */
  static Miss miss(int number, AllowedImagesCriterion c, InstanceImage i, Instant now) {
    Set<Field> failed = EnumSet.noneOf(Field.class);
    List<String> details = new ArrayList<>();
    if (!c.imageProviders().isEmpty() && c.imageProviders().stream().noneMatch(p -> providerMatches(p, i))) {
      failed.add(Field.PROVIDER);
      details.add("provider (owner " + i.imageOwnerId() + ", alias " + i.imageOwnerAlias() + ") not in " + c.imageProviders());
    }
    if (!c.imageNames().isEmpty() && c.imageNames().stream().noneMatch(p -> nameMatches(p, i.imageName()))) {
      failed.add(Field.IMAGE_NAME);
      details.add("image name " + quote(i.imageName()) + " matches none of " + c.imageNames());
    }
    if (!c.marketplaceProductCodes().isEmpty()) {
      if (i.imageProductCodes() == null) {
        failed.add(Field.MARKETPLACE_PRODUCT_CODE);
        details.add("marketplace product codes unknown, need one of " + c.marketplaceProductCodes());
      } else if (i.imageProductCodes().stream().noneMatch(c.marketplaceProductCodes()::contains)) {
        failed.add(Field.MARKETPLACE_PRODUCT_CODE);
        details.add("marketplace product codes " + new java.util.TreeSet<>(i.imageProductCodes()) + " include none of " + c.marketplaceProductCodes());
      }
    }
    Integer created = c.maximumDaysSinceCreated();
    if (created != null) {
      if (i.imageCreationDate() == null) {
        failed.add(Field.CREATION_DATE);
        details.add("creation date unknown, need at most " + created + " days since created");
      } else if (i.imageCreationDate().isBefore(now.minus(Duration.ofDays(created)))) {
        failed.add(Field.CREATION_DATE);
        details.add("created " + Duration.between(i.imageCreationDate(), now).toDays() + " days ago, more than " + created);
      }
    }
    Integer deprecated = c.maximumDaysSinceDeprecated();
    Instant dep = i.imageDeprecationTime();
    if (deprecated != null && dep != null && !dep.isAfter(now) && !dep.isAfter(now.minus(Duration.ofDays(deprecated)))) {
      failed.add(Field.DEPRECATION_TIME);
      details.add(deprecated == 0
          ? "deprecated since " + dep + " and deprecated images are not allowed"
          : "deprecated " + Duration.between(dep, now).toDays() + " days ago, at least " + deprecated);
    }
    return failed.isEmpty() ? null : new Miss(number, failed, details);
  }

  static boolean providerMatches(String provider, InstanceImage i) {
    return switch (provider) {
      case AllowedImagesLimits.NONE -> false;
      case AllowedImagesLimits.AMAZON, AllowedImagesLimits.AWS_MARKETPLACE, AllowedImagesLimits.AWS_BACKUP_VAULT ->
          provider.equals(i.imageOwnerAlias());
      default -> provider.equals(i.imageOwnerId());
    };
  }

  /** Glob match of a whole name: {@code *} any run (also empty), {@code ?} one character; null never matches. */
  public static boolean nameMatches(String pattern, String name) {
    if (name == null) {
      return false;
    }
    int p = 0;
    int n = 0;
    int star = -1;
    int resume = 0;
    while (n < name.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
        p++;
        n++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = n;
      } else if (star >= 0) {
        p = star + 1;
        n = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  private static String quote(String s) {
    return s == null ? "(unknown)" : "'" + s + "'";
  }
}
