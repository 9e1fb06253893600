package dev.compliantami.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Allowed AMIs setting the enforcer wants in every account and Region, built from its settings.
 *
 * <p><b>How the settings map onto criteria.</b> AWS documents parameters as combining with AND inside a
 * criterion and OR across criteria (with OR between the values of one parameter); the reference marks this
 * UNCONFIRMED, and this class is built so that, under that reading, no factory or AWS image is ever blocked
 * by a marketplace condition:
 * <ol>
 *   <li><b>criterion 1</b> — providers {@code amazon} (unless {@link #includeAmazon} is off) + the factory
 *       account + the extra account IDs, with the image-name patterns and the day conditions, if any;</li>
 *   <li><b>criterion 2</b>, only when marketplace product codes are given — provider {@code aws-marketplace}
 *       with those product codes and the same day conditions (not the name patterns: they describe our base
 *       images, not vendors' names).</li>
 * </ol>
 * Putting the product codes into criterion 1 would, under AND, require every factory image to carry one of
 * them and so block the factory's own AMIs; as a separate criterion they can only add marketplace images.
 * Giving criterion 2 the provider {@code aws-marketplace} keeps it no broader than "these products from
 * verified Marketplace sellers". The day conditions apply to both, as freshness rules for every image.
 * AMIs owned by the member account itself are always allowed by AWS, whatever the criteria.
 *
 * <p>The record only normalises (trims, de-duplicates, defaults the state to {@code audit-mode}); call
 * {@link #validate()} to check the API limits.
 */
public record AllowedImagesDesired(
    boolean includeAmazon,
    String factoryAccountId,
    Set<String> extraAccountIds,
    Set<String> imageNames,
    Set<String> marketplaceProductCodes,
    Integer maximumDaysSinceCreated,
    Integer maximumDaysSinceDeprecated,
    String state) {

  public static final String FACTORY_ACCOUNT_ID = "FACTORY_ACCOUNT_ID";
  public static final String INCLUDE_AMAZON = "ALLOWED_AMIS_INCLUDE_AMAZON";
  public static final String EXTRA_ACCOUNT_IDS = "ALLOWED_AMIS_EXTRA_ACCOUNT_IDS";
  public static final String IMAGE_NAMES = "ALLOWED_AMIS_IMAGE_NAMES";
  public static final String MARKETPLACE_PRODUCT_CODES = "ALLOWED_AMIS_MARKETPLACE_PRODUCT_CODES";
  public static final String MAX_DAYS_SINCE_CREATED = "ALLOWED_AMIS_MAX_DAYS_SINCE_CREATED";
  public static final String MAX_DAYS_SINCE_DEPRECATED = "ALLOWED_AMIS_MAX_DAYS_SINCE_DEPRECATED";
  public static final String STATE = "ALLOWED_AMIS_STATE";

  public static final String STATE_FORM = "'audit-mode' or 'enabled'";
  public static final String BOOLEAN_FORM = "'true' or 'false'";

  public AllowedImagesDesired {
    factoryAccountId = factoryAccountId == null ? null : factoryAccountId.trim();
    extraAccountIds = AllowedImagesCriterion.normalise(extraAccountIds, true);
    imageNames = AllowedImagesCriterion.normalise(imageNames, false);
    marketplaceProductCodes = AllowedImagesCriterion.normalise(marketplaceProductCodes, false);
    state = state == null || state.isBlank() ? AllowedImagesSettings.AUDIT_MODE : state.trim().toLowerCase(Locale.ROOT);
  }

  /** {@code amazon} + the factory account, no other condition, {@code audit-mode}. */
  public static AllowedImagesDesired defaults(String factoryAccountId) {
    return new AllowedImagesDesired(true, factoryAccountId, Set.of(), Set.of(), Set.of(), null, null, null);
  }

  /**
   * Reads and validates the settings through {@code lookup} (setting name → raw value, null or blank when
   * unset), e.g. {@code EnvReader::optional}. List settings are comma-separated.
   *
   * @throws AllowedImagesSettingError naming the bad setting
   */
  public static AllowedImagesDesired fromSettings(Function<String, String> lookup) {
    String factory = blankToNull(lookup.apply(FACTORY_ACCOUNT_ID));
    if (factory == null) {
      throw AllowedImagesSettingError.value(FACTORY_ACCOUNT_ID, AllowedImagesLimits.ACCOUNT_ID_FORM, null);
    }
    return new AllowedImagesDesired(
        parseBoolean(INCLUDE_AMAZON, lookup.apply(INCLUDE_AMAZON), true),
        factory,
        list(lookup.apply(EXTRA_ACCOUNT_IDS)),
        list(lookup.apply(IMAGE_NAMES)),
        list(lookup.apply(MARKETPLACE_PRODUCT_CODES)),
        parseDays(MAX_DAYS_SINCE_CREATED, lookup.apply(MAX_DAYS_SINCE_CREATED)),
        parseDays(MAX_DAYS_SINCE_DEPRECATED, lookup.apply(MAX_DAYS_SINCE_DEPRECATED)),
        blankToNull(lookup.apply(STATE)))
        .validate();
  }

  /** Checks every setting against the API limits; returns {@code this}. */
  public AllowedImagesDesired validate() {
    if (!AllowedImagesSettings.AUDIT_MODE.equals(state) && !AllowedImagesSettings.ENABLED.equals(state)) {
      throw AllowedImagesSettingError.value(STATE, STATE_FORM, state);
    }
    if (factoryAccountId == null || factoryAccountId.isEmpty()) {
      throw AllowedImagesSettingError.value(FACTORY_ACCOUNT_ID, AllowedImagesLimits.ACCOUNT_ID_FORM, null);
    }
    AllowedImagesLimits.checkAccountId(FACTORY_ACCOUNT_ID, factoryAccountId);
    for (String id : extraAccountIds) {
      if (AllowedImagesLimits.NONE.equals(id)) {
        throw AllowedImagesSettingError.entry(EXTRA_ACCOUNT_IDS, id, AllowedImagesLimits.ACCOUNT_ID_FORM
            + " ('none' cannot be combined with the factory account or other providers)");
      }
      if (!AllowedImagesLimits.isAccountId(id)) {
        throw AllowedImagesSettingError.entry(EXTRA_ACCOUNT_IDS, id, AllowedImagesLimits.ACCOUNT_ID_FORM);
      }
    }
    int fixed = (includeAmazon ? 1 : 0) + 1;
    int maxExtra = AllowedImagesLimits.MAX_PROVIDERS - fixed;
    if (extraProvidersBeyondFixed() > maxExtra) {
      throw AllowedImagesSettingError.value(EXTRA_ACCOUNT_IDS,
          "at most " + maxExtra + " account IDs besides " + (includeAmazon ? "'amazon' and " : "")
              + "the factory account (" + AllowedImagesLimits.MAX_PROVIDERS + " providers in all), not " + extraProvidersBeyondFixed(),
          String.join(",", extraAccountIds));
    }
    AllowedImagesLimits.checkImageNames(IMAGE_NAMES, imageNames);
    AllowedImagesLimits.checkProductCodes(MARKETPLACE_PRODUCT_CODES, marketplaceProductCodes);
    AllowedImagesLimits.checkDays(MAX_DAYS_SINCE_CREATED, maximumDaysSinceCreated);
    AllowedImagesLimits.checkDays(MAX_DAYS_SINCE_DEPRECATED, maximumDaysSinceDeprecated);
    return this;
  }

  /** The providers of criterion 1, sorted. */
  public Set<String> providers() {
    TreeSet<String> p = new TreeSet<>(extraAccountIds);
    if (factoryAccountId != null && !factoryAccountId.isEmpty()) {
      p.add(factoryAccountId);
    }
    if (includeAmazon) {
      p.add(AllowedImagesLimits.AMAZON);
    }
    return java.util.Collections.unmodifiableSortedSet(p);
  }

  /** The criteria, in the order described on the class. */
  public List<AllowedImagesCriterion> criteria() {
    List<AllowedImagesCriterion> out = new ArrayList<>();
    out.add(new AllowedImagesCriterion(providers(), imageNames, Set.of(), maximumDaysSinceCreated, maximumDaysSinceDeprecated));
    if (!marketplaceProductCodes.isEmpty()) {
      out.add(new AllowedImagesCriterion(
          Set.of(AllowedImagesLimits.AWS_MARKETPLACE), Set.of(), marketplaceProductCodes, maximumDaysSinceCreated, maximumDaysSinceDeprecated));
    }
    return List.copyOf(out);
  }

  /** The wanted setting, managed by the account. */
  public AllowedImagesSettings settings() {
    return new AllowedImagesSettings(state, criteria(), AllowedImagesSettings.MANAGED_BY_ACCOUNT);
  }

  private int extraProvidersBeyondFixed() {
    return (int) extraAccountIds.stream().filter(id -> !id.equals(factoryAccountId)).count();
  }

  /** Parses a day count; blank or null → null (no condition). */
  public static Integer parseDays(String setting, String raw) {
    String v = blankToNull(raw);
    if (v == null) {
      return null;
    }
    try {
      int days = Integer.parseInt(v);
      if (days >= 0) {
        return days;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw AllowedImagesSettingError.value(setting, AllowedImagesLimits.DAYS_FORM, raw);
  }

  private static boolean parseBoolean(String setting, String raw, boolean defaultValue) {
    String v = blankToNull(raw);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw AllowedImagesSettingError.value(setting, BOOLEAN_FORM, raw);
    };
  }

  private static Set<String> list(String raw) {
    String v = blankToNull(raw);
    return v == null ? Set.of() : new java.util.LinkedHashSet<>(Arrays.asList(v.split(",")));
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
