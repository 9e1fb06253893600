package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class AllowedImagesLimitsTest {
  private static final String S = "SOME_SETTING";

  @Test
  void providersAcceptKeywordsAndAccountIds() {
    assertThatCode(() -> AllowedImagesLimits.checkProviders(S,
        Set.of("amazon", "aws-marketplace", "aws-backup-vault", "111122223333"))).doesNotThrowAnyException();
    assertThatCode(() -> AllowedImagesLimits.checkProviders(S, Set.of("none"))).doesNotThrowAnyException();
  }

  @Test
  void badProviderNamesTheEntryAndTheForm() {
    for (String bad : List.of("11112222333", "1111222233334", "aws_backup_vault", "Amazon", "self", "abcdefghijkl")) {
      AllowedImagesSettingError e = error(() -> AllowedImagesLimits.checkProviders(S, Set.of(bad)));
      assertThat(e.setting()).isEqualTo(S);
      assertThat(e.entry()).isEqualTo(bad);
      assertThat(e.getMessage()).isEqualTo(S + " has a bad entry '" + bad
          + "'; expected 'amazon', 'aws-marketplace', 'aws-backup-vault', 'none' or a 12-digit AWS account ID");
    }
  }

  @Test
  void noneCannotBeCombined() {
    AllowedImagesSettingError e = error(() -> AllowedImagesLimits.checkProviders(S, new TreeSet<>(Set.of("none", "amazon"))));
    assertThat(e.entry()).isEqualTo("none");
    assertThat(e.getMessage()).isEqualTo(S + " has a bad entry 'none'; expected 'none' on its own: it allows only the"
        + " account's own AMIs and cannot be combined with other providers");
  }

  @Test
  void atMost200Providers() {
    assertThatCode(() -> AllowedImagesLimits.checkProviders(S, accounts(200))).doesNotThrowAnyException();
    AllowedImagesSettingError e = error(() -> AllowedImagesLimits.checkProviders(S, accounts(201)));
    assertThat(e.expected()).isEqualTo("at most 200 image providers, not 201");
    assertThat(e.getMessage()).startsWith(S + " is '100000000000,").contains("…'; expected at most 200 image providers, not 201");
  }

  @Test
  void imageNamesAcceptTheDocumentedCharactersAndWildcards() {
    List<String> good = List.of("a", "al2023-ami-*", "RHEL-9.?_HVM", "ab?", "My Image (v1) [x] ./-'@_*?", "x".repeat(128), "*");
    assertThatCode(() -> AllowedImagesLimits.checkImageNames(S, good)).doesNotThrowAnyException();
  }

  @Test
  void badImageNamesNameTheEntry() {
    List<String> bad = List.of("x".repeat(129), "?", "a?", "name!", "name#1", "naïve", "tab\tname", "a,b", "c:d");
    for (String n : bad) {
      AllowedImagesSettingError e = error(() -> AllowedImagesLimits.checkImageNames(S, List.of(n)));
      assertThat(e.entry()).isEqualTo(n);
      assertThat(e.getMessage()).isEqualTo(S + " has a bad entry '" + n + "'; expected an image name pattern of 1-128 characters"
          + " from A-Z a-z 0-9 ( ) [ ] . / - ' @ _ space and the wildcards * and ? (at least 3 characters when it contains ?)");
    }
  }

  @Test
  void atMost50ImageNamesAnd50ProductCodes() {
    List<String> fifty = IntStream.range(0, 50).mapToObj(i -> "n" + i).toList();
    List<String> fiftyOne = IntStream.range(0, 51).mapToObj(i -> "n" + i).toList();
    assertThatCode(() -> AllowedImagesLimits.checkImageNames(S, fifty)).doesNotThrowAnyException();
    assertThatCode(() -> AllowedImagesLimits.checkProductCodes(S, fifty)).doesNotThrowAnyException();
    assertThat(error(() -> AllowedImagesLimits.checkImageNames(S, fiftyOne)).expected())
        .isEqualTo("at most 50 image name patterns, not 51");
    assertThat(error(() -> AllowedImagesLimits.checkProductCodes(S, fiftyOne)).expected())
        .isEqualTo("at most 50 marketplace product codes, not 51");
  }

  @Test
  void productCodesAre1To25Alphanumerics() {
    assertThatCode(() -> AllowedImagesLimits.checkProductCodes(S, List.of("a", "ABCdef123", "x".repeat(25))))
        .doesNotThrowAnyException();
    for (String bad : List.of("x".repeat(26), "abc-def", "abc def", "abc_1", "ünï")) {
      AllowedImagesSettingError e = error(() -> AllowedImagesLimits.checkProductCodes(S, List.of(bad)));
      assertThat(e.getMessage()).isEqualTo(S + " has a bad entry '" + bad + "'; expected a marketplace product code of 1-25 letters and digits");
    }
  }

  @Test
  void daysAreZeroOrMore() {
    assertThatCode(() -> AllowedImagesLimits.checkDays(S, null)).doesNotThrowAnyException();
    assertThatCode(() -> AllowedImagesLimits.checkDays(S, 0)).doesNotThrowAnyException();
    assertThatCode(() -> AllowedImagesLimits.checkDays(S, 36500)).doesNotThrowAnyException();
    AllowedImagesSettingError e = error(() -> AllowedImagesLimits.checkDays(S, -1));
    assertThat(e.actual()).isEqualTo("-1");
    assertThat(e.entry()).isNull();
    assertThat(e.getMessage()).isEqualTo(S + " is '-1'; expected a whole number of days, 0 or more");
  }

  @Test
  void accountIds() {
    assertThat(AllowedImagesLimits.isAccountId("111122223333")).isTrue();
    for (String bad : java.util.Arrays.asList("11112222333", "1111222233334", "11112222333a", "", null)) {
      assertThat(AllowedImagesLimits.isAccountId(bad)).isFalse();
    }
    assertThat(error(() -> AllowedImagesLimits.checkAccountId(S, "123")).getMessage())
        .isEqualTo(S + " is '123'; expected a 12-digit AWS account ID");
    assertThat(error(() -> AllowedImagesLimits.checkAccountId(S, null)).getMessage())
        .isEqualTo(S + " is not set; expected a 12-digit AWS account ID");
  }

  @Test
  void atMost10CriteriaAndNoEmptyCriterion() {
    List<AllowedImagesCriterion> ten = IntStream.range(0, 10)
        .mapToObj(i -> AllowedImagesCriterion.providers(String.valueOf(100000000000L + i))).toList();
    assertThatCode(() -> AllowedImagesLimits.checkCriteria(S, ten)).doesNotThrowAnyException();
    List<AllowedImagesCriterion> eleven = new ArrayList<>(ten);
    eleven.add(AllowedImagesCriterion.providers("amazon"));
    assertThat(error(() -> AllowedImagesLimits.checkCriteria(S, eleven)).getMessage())
        .isEqualTo(S + " is '11 criteria'; expected at most 10 criteria, not 11");
    assertThat(error(() -> AllowedImagesLimits.checkCriteria(S, List.of(new AllowedImagesCriterion(null, null, null, null, null))))
        .expected()).startsWith("a criterion with at least one condition");
    assertThat(error(() -> AllowedImagesLimits.checkCriterion(S,
        AllowedImagesCriterion.providers("amazon").withMaximumDaysSinceDeprecated(-3))).actual()).isEqualTo("-3");
  }

  static AllowedImagesSettingError error(ThrowingCallable call) {
    AllowedImagesSettingError e = catchThrowableOfType(AllowedImagesSettingError.class, call);
    assertThat(e).as("expected an AllowedImagesSettingError").isNotNull();
    return e;
  }

  private static Set<String> accounts(int n) {
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      out.add(String.valueOf(100000000000L + i));
    }
    return Collections.unmodifiableSet(out);
  }
}
