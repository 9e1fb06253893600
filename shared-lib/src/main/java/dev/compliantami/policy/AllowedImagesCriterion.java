package dev.compliantami.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Allowed AMIs image criterion ({@code ImageCriterion} / {@code ImageCriterionRequest}), normalised so
 * that two criteria that mean the same compare equal: values are trimmed, blanks dropped, duplicates removed
 * and held in sorted, unmodifiable sets (so order never matters). Provider values are lower-cased
 * ({@code amazon}, {@code aws-marketplace}, {@code aws-backup-vault}, {@code none} or a 12-digit account ID);
 * image names and product codes keep their case. An empty set or a null number means "no condition".
 *
 * <p>Not validated here (a current setting read from AWS is taken as it is); see {@link AllowedImagesLimits}.
 */
public record AllowedImagesCriterion(
    Set<String> imageProviders,
    Set<String> imageNames,
    Set<String> marketplaceProductCodes,
    Integer maximumDaysSinceCreated,
    Integer maximumDaysSinceDeprecated) {

  public AllowedImagesCriterion {
    imageProviders = normalise(imageProviders, true);
    imageNames = normalise(imageNames, false);
    marketplaceProductCodes = normalise(marketplaceProductCodes, false);
  }

  /** A criterion from any collections (null allowed), e.g. the lists an SDK response carries. */
  public static AllowedImagesCriterion of(
      Collection<String> imageProviders, Collection<String> imageNames, Collection<String> marketplaceProductCodes,
      Integer maximumDaysSinceCreated, Integer maximumDaysSinceDeprecated) {
    return new AllowedImagesCriterion(
        copy(imageProviders), copy(imageNames), copy(marketplaceProductCodes), maximumDaysSinceCreated, maximumDaysSinceDeprecated);
  }

  /** A criterion with only providers. */
  public static AllowedImagesCriterion providers(String... imageProviders) {
    return of(Arrays.asList(imageProviders), null, null, null, null);
  }

  public AllowedImagesCriterion withImageNames(String... names) {
    return of(imageProviders, Arrays.asList(names), marketplaceProductCodes, maximumDaysSinceCreated, maximumDaysSinceDeprecated);
  }

  public AllowedImagesCriterion withMarketplaceProductCodes(String... codes) {
    return of(imageProviders, imageNames, Arrays.asList(codes), maximumDaysSinceCreated, maximumDaysSinceDeprecated);
  }

  public AllowedImagesCriterion withMaximumDaysSinceCreated(Integer days) {
    return new AllowedImagesCriterion(imageProviders, imageNames, marketplaceProductCodes, days, maximumDaysSinceDeprecated);
  }

  public AllowedImagesCriterion withMaximumDaysSinceDeprecated(Integer days) {
    return new AllowedImagesCriterion(imageProviders, imageNames, marketplaceProductCodes, maximumDaysSinceCreated, days);
  }

  /** True when the criterion sets no condition at all. */
  public boolean isEmpty() {
    return imageProviders.isEmpty() && imageNames.isEmpty() && marketplaceProductCodes.isEmpty()
        && maximumDaysSinceCreated == null && maximumDaysSinceDeprecated == null;
  }

  /** Human-readable, deterministic: {@code providers [111122223333, amazon], image names [al2023-*]}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!imageProviders.isEmpty()) {
      parts.add("providers " + imageProviders);
    }
    if (!imageNames.isEmpty()) {
      parts.add("image names " + imageNames);
    }
    if (!marketplaceProductCodes.isEmpty()) {
      parts.add("marketplace product codes " + marketplaceProductCodes);
    }
    if (maximumDaysSinceCreated != null) {
      parts.add("maximum days since created " + maximumDaysSinceCreated);
    }
    if (maximumDaysSinceDeprecated != null) {
      parts.add("maximum days since deprecated " + maximumDaysSinceDeprecated);
    }
    return parts.isEmpty() ? "no conditions" : String.join(", ", parts);
  }

  private static Set<String> copy(Collection<String> values) {
    return values == null ? null : new TreeSet<>(values.stream().filter(v -> v != null).toList());
  }

  static Set<String> normalise(Collection<String> values, boolean lowerCase) {
    TreeSet<String> out = new TreeSet<>();
    if (values != null) {
      for (String v : values) {
        if (v == null || v.isBlank()) {
          continue;
        }
        String t = v.trim();
        out.add(lowerCase ? t.toLowerCase(Locale.ROOT) : t);
      }
    }
    return Collections.unmodifiableSortedSet(out);
  }
}
