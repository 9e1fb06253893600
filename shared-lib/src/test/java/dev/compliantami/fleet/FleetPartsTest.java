package dev.compliantami.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.aws.AwsErrors;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/** Target, partitions, result partitioning, failure reasons and session names. */
class FleetPartsTest {

  @ParameterizedTest
  @CsvSource({
      "us-east-1, aws", "eu-west-1, aws", "ap-southeast-5, aws", "us-gov-west-1, aws-us-gov", "us-gov-east-1, aws-us-gov",
      "cn-north-1, aws-cn", "cn-northwest-1, aws-cn", "us-iso-east-1, aws-iso", "us-isob-east-1, aws-iso-b"})
  void partitionFollowsTheRegion(String region, String partition) {
    assertThat(Partitions.of(region)).isEqualTo(partition);
  }

  @Test
  void roleArnUsesThePartition() {
    assertThat(Partitions.roleArn("cn-north-1", "111122223333", "compliant-ami-member"))
        .isEqualTo("arn:aws-cn:iam::111122223333:role/compliant-ami-member");
    assertThat(Partitions.roleArn("us-east-1", "111122223333", "r"))
        .isEqualTo("arn:aws:iam::111122223333:role/r");
  }

  @Test
  void targetChecksTheAccountId() {
    assertThat(new Target("111122223333", "us-east-1").label()).isEqualTo("111122223333/us-east-1");
    assertThatThrownBy(() -> new Target("1111", "us-east-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Target("111122223333", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void partitionSplitsResultsKeepingOrder() {
    Target a = new Target("111111111111", "us-east-1");
    Target b = new Target("222222222222", "us-east-1");
    Target c = new Target("333333333333", "us-east-1");
    List<TargetResult<Integer>> results = List.of(
        new TargetResult.Done<>(a, 1), new TargetResult.Failed<>(b, "AccessDenied: no"), new TargetResult.Done<>(c, 3));
    TargetResult.Partition<Integer> p = TargetResult.partition(results);
    assertThat(p.done()).extracting(TargetResult::target).containsExactly(a, c);
    assertThat(p.values()).containsExactly(1, 3);
    assertThat(p.failed()).containsExactly(new TargetResult.Failed<>(b, "AccessDenied: no"));
    assertThat(p.allDone()).isFalse();
    assertThat(TargetResult.partition(List.<TargetResult<Integer>>of()).allDone()).isTrue();
  }

  @Test
  void reasonIsTheAwsCodeAndMessageEvenWhenWrapped() {
    StsException denied = (StsException) StsException.builder()
        .statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("not authorized").build())
        .build();
    assertThat(AwsErrors.describe(denied)).isEqualTo("AccessDenied: not authorized");
    assertThat(AwsErrors.describe(SdkClientException.create("Unable to load credentials", denied)))
        .isEqualTo("AccessDenied: not authorized");
    assertThat(AwsErrors.describe(new CompletionException(denied))).isEqualTo("AccessDenied: not authorized");
  }

  @Test
  void reasonOfOtherFailuresIsTheirClassAndMessage() {
    assertThat(AwsErrors.describe(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
    assertThat(AwsErrors.describe(new ExecutionException(new IllegalArgumentException("bad"))))
        .isEqualTo("IllegalArgumentException: bad");
    assertThat(AwsErrors.describe(new NullPointerException())).isEqualTo("NullPointerException");
  }

  @Test
  void sessionNameIsPrefixedSanitisedAndAtMost64Characters() {
    assertThat(MemberClients.sessionName("ami-publisher")).isEqualTo("compliant-ami-ami-publisher");
    assertThat(MemberClients.sessionName("my fn/with:odd*chars")).isEqualTo("compliant-ami-my-fn-with-odd-chars");
    assertThat(MemberClients.sessionName("x".repeat(100))).hasSize(64).startsWith("compliant-ami-x");
    assertThat(MemberClients.sessionName(null)).isEqualTo("compliant-ami-function");
  }
}
