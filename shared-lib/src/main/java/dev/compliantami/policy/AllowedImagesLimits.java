package dev.compliantami.policy;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API limits of Allowed AMIs image criteria (aws-reference.md §5.1). Each check throws an
 * {@link AllowedImagesSettingError} naming the given setting and the accepted form.
 */
public final class AllowedImagesLimits {
  public static final int MAX_CRITERIA = 10;
  public static final int MAX_PROVIDERS = 200;
  public static final int MAX_IMAGE_NAMES = 50;
  public static final int MAX_PRODUCT_CODES = 50;
  public static final int MAX_NAME_LENGTH = 128;
  public static final int MIN_NAME_LENGTH_WITH_QUESTION_MARK = 3;
  public static final int MAX_PRODUCT_CODE_LENGTH = 25;

  public static final String AMAZON = "amazon";
  public static final String AWS_MARKETPLACE = "aws-marketplace";
  public static final String AWS_BACKUP_VAULT = "aws-backup-vault";
  public static final String NONE = "none";

  public static final String ACCOUNT_ID_FORM = "a 12-digit AWS account ID";
  public static final String PROVIDER_FORM =
      "'amazon', 'aws-marketplace', 'aws-backup-vault', 'none' or a 12-digit AWS account ID";
  public static final String NONE_FORM =
      "'none' on its own: it allows only the account's own AMIs and cannot be combined with other providers";
  public static final String NAME_FORM =
      "an image name pattern of 1-128 characters from A-Z a-z 0-9 ( ) [ ] . / - ' @ _ space and the wildcards * and ?"
          + " (at least 3 characters when it contains ?)";
  public static final String PRODUCT_CODE_FORM = "a marketplace product code of 1-25 letters and digits";
  public static final String DAYS_FORM = "a whole number of days, 0 or more";

  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9()\\[\\]./\\-'@_*? ]{1,128}");
  private static final Pattern PRODUCT_CODE = Pattern.compile("[A-Za-z0-9]{1,25}");
  private static final Set<String> KEYWORDS = Set.of(AMAZON, AWS_MARKETPLACE, AWS_BACKUP_VAULT, NONE);

  private AllowedImagesLimits() {}

  public static boolean isAccountId(String value) {
    return value != null && ACCOUNT_ID.matcher(value).matches();
  }

  public static void checkAccountId(String setting, String value) {
    if (!isAccountId(value)) {
      throw AllowedImagesSettingError.value(setting, ACCOUNT_ID_FORM, value);
    }
  }

  public static void checkProviders(String setting, Collection<String> providers) {
    count(setting, providers, MAX_PROVIDERS, "image providers");
    for (String p : providers) {
      if (!KEYWORDS.contains(p) && !isAccountId(p)) {
        throw AllowedImagesSettingError.entry(setting, p, PROVIDER_FORM);
      }
    }
    if (providers.contains(NONE) && providers.size() > 1) {
      throw AllowedImagesSettingError.entry(setting, NONE, NONE_FORM);
    }
  }

  public static void checkImageNames(String setting, Collection<String> names) {
    count(setting, names, MAX_IMAGE_NAMES, "image name patterns");
    for (String n : names) {
      boolean ok = NAME.matcher(n).matches() && (n.indexOf('?') < 0 || n.length() >= MIN_NAME_LENGTH_WITH_QUESTION_MARK);
      if (!ok) {
        throw AllowedImagesSettingError.entry(setting, n, NAME_FORM);
      }
    }
  }

  public static void checkProductCodes(String setting, Collection<String> codes) {
    count(setting, codes, MAX_PRODUCT_CODES, "marketplace product codes");
    for (String c : codes) {
      if (!PRODUCT_CODE.matcher(c).matches()) {
        throw AllowedImagesSettingError.entry(setting, c, PRODUCT_CODE_FORM);
      }
    }
  }

  public static void checkDays(String setting, Integer days) {
    if (days != null && days < 0) {
      throw AllowedImagesSettingError.value(setting, DAYS_FORM, String.valueOf(days));
    }
  }

  /** Every field of one criterion, all reported under {@code setting}. */
  public static void checkCriterion(String setting, AllowedImagesCriterion c) {
    if (c.isEmpty()) {
      throw AllowedImagesSettingError.value(setting, "a criterion with at least one condition (an empty one would allow every image)", "{}");
    }
    checkProviders(setting, c.imageProviders());
    checkImageNames(setting, c.imageNames());
    checkProductCodes(setting, c.marketplaceProductCodes());
    checkDays(setting, c.maximumDaysSinceCreated());
    checkDays(setting, c.maximumDaysSinceDeprecated());
  }

  public static void checkCriteria(String setting, List<AllowedImagesCriterion> criteria) {
    if (criteria.size() > MAX_CRITERIA) {
      throw AllowedImagesSettingError.value(
          setting, "at most " + MAX_CRITERIA + " criteria, not " + criteria.size(), criteria.size() + " criteria");
    }
    for (AllowedImagesCriterion c : criteria) {
      checkCriterion(setting, c);
    }
  }

  private static void count(String setting, Collection<String> values, int max, String what) {
    if (values.size() > max) {
      throw AllowedImagesSettingError.value(setting, "at most " + max + " " + what + ", not " + values.size(), String.join(",", values));
    }
  }
}
