package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.testing.FaultProxy.Injected;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.CallRateLimitExceededException;
import software.amazon.awssdk.services.imagebuilder.model.ServiceException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InternalServerErrorException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** The proxy's faults as the real SDK clients of {@link AwsClients} see them, over moto and the Image Builder stub. */
class FaultProxyTest {
  private LocalAws aws;
  private FaultProxy proxy;
  private AwsClients clients;

  @BeforeEach
  void setUp() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    aws = LocalAws.start();
    aws.routeSdkClients();
    proxy = FaultProxy.start(FaultProfile.none()).routeSdkClients();
    clients = new AwsClients("us-east-1");
  }

  @AfterEach
  void tearDown() {
    clients.close();
    proxy.close();
    aws.close();
    System.clearProperty(AwsClients.ATTEMPT_TIMEOUT_PROPERTY);
  }

  private Ec2Client ec2() {
    return clients.get(Ec2Client.class, Ec2Client::builder);
  }

  /** A client that does not retry, so each fault is seen as the SDK classifies it. */
  private <C extends SdkClient, B extends AwsClientBuilder<B, C>> C once(Supplier<B> builder) {
    return builder.get().endpointOverride(URI.create(proxy.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
  }

  @Test
  void throttlingIsEachServicesOwnThrottlingError() {
    proxy.profile(FaultProfile.throttling(1, 1.0));

    assertThatThrownBy(() -> once(Ec2Client::builder).describeImages(r -> r.owners("self")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
          assertThat(e.isThrottlingException()).isTrue();
        });
    assertThatThrownBy(() -> once(SsmClient::builder).getParameter(r -> r.name("/x")))
        .isInstanceOfSatisfying(SsmException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.isThrottlingException()).isTrue();
        });
    assertThatThrownBy(() -> once(ImagebuilderClient::builder).listImagePipelines(r -> {}))
        .isInstanceOfSatisfying(CallRateLimitExceededException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    assertThatThrownBy(() -> once(StsClient::builder).getCallerIdentity())
        .isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
          assertThat(e.isThrottlingException()).isTrue();
        });
    assertThat(proxy.calls()).extracting(FaultProxy.Call::service, FaultProxy.Call::operation)
        .containsExactly(tuple("ec2", "DescribeImages"), tuple("ssm", "GetParameter"), tuple("imagebuilder", "ListImagePipelines"),
            tuple("sts", "GetCallerIdentity"));
  }

  @Test
  void serverErrorsAndResetsAreTheServicesOwnFaults() {
    proxy.profile(FaultProfile.serverErrors(1, 1.0));
    assertThatThrownBy(() -> once(Ec2Client::builder).describeImages(r -> r.owners("self")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError"));
    assertThatThrownBy(() -> once(SsmClient::builder).getParameter(r -> r.name("/x")))
        .isInstanceOf(InternalServerErrorException.class);
    assertThatThrownBy(() -> once(ImagebuilderClient::builder).listImagePipelines(r -> {}))
        .isInstanceOf(ServiceException.class);

    proxy.profile(FaultProfile.resets(1, 1.0));
    assertThatThrownBy(() -> once(Ec2Client::builder).describeImages(r -> r.owners("self"))).isInstanceOf(SdkClientException.class);
    assertThat(proxy.calls()).extracting(FaultProxy.Call::injected).containsExactly(Injected.SERVER_ERROR, Injected.SERVER_ERROR,
        Injected.SERVER_ERROR, Injected.RESET);
  }

  @Test
  void theSameSeedFaultsTheSameCallsAndAnotherSeedOthers() {
    List<Injected> first = run(FaultProfile.throttling(42, 0.3));
    List<Injected> again = run(FaultProfile.throttling(42, 0.3));
    List<Injected> other = run(FaultProfile.throttling(7, 0.3));

    assertThat(first).hasSize(30).contains(Injected.THROTTLED).contains(Injected.NONE);
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  /** 30 calls (10 distinct, each 3 times) through a fresh proxy: occurrence counts start again, as in a new test. */
  private List<Injected> run(FaultProfile profile) {
    try (FaultProxy fresh = FaultProxy.start(profile).inFrontOf(aws.moto().endpoint());
        SsmClient ssm = SsmClient.builder().endpointOverride(URI.create(fresh.endpoint())).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 10; i++) {
          int n = i;
          try {
            ssm.putParameter(r -> r.name("/fault/p" + n).value("v").type("String").overwrite(true));
          } catch (SsmException throttled) {
            // recorded by the proxy
          }
        }
      }
      return fresh.calls().stream().map(FaultProxy.Call::injected).toList();
    }
  }

  @Test
  void aShareOfThrottlingIsRetriedAwayByTheSuitesClients() {
    proxy.profile(FaultProfile.throttling(3, 0.25));
    SsmClient ssm = clients.get(SsmClient.class, SsmClient::builder);
    int failed = 0;
    for (int i = 0; i < 10; i++) {
      int n = i;
      try {
        ssm.putParameter(r -> r.name("/fault/retried" + n).value("v").type("String").overwrite(true));
      } catch (SsmException e) {
        assertThat(e.isThrottlingException()).isTrue();
        failed++;
      }
    }
    Map<String, List<Injected>> attempts = proxy.calls().stream()
        .collect(Collectors.groupingBy(FaultProxy.Call::body, Collectors.mapping(FaultProxy.Call::injected, Collectors.toList())));
    assertThat(attempts.values()).as("a call throttled first and then retried through")
        .anySatisfy(a -> assertThat(a).startsWith(Injected.THROTTLED).endsWith(Injected.NONE));
    // a call the client gave up on may still have reached the emulator (an attempt abandoned on timeout)
    assertThat(proxy.forwarded("PutParameter").size()).isGreaterThanOrEqualTo(10 - failed);
  }

  @Test
  void slowAnswersBeyondTheAttemptTimeoutAreAbandonedButTookEffect() {
    System.setProperty(AwsClients.ATTEMPT_TIMEOUT_PROPERTY, "PT0.3S");
    proxy.profile(FaultProfile.slow(1, 1.0, Duration.ofMillis(800)));
    try (AwsClients c = new AwsClients("us-east-1")) {
      SsmClient ssm = c.get(SsmClient.class, SsmClient::builder);
      assertThatThrownBy(() -> ssm.putParameter(r -> r.name("/fault/slow").value("v").type("String").overwrite(true)))
          .isInstanceOfAny(ApiCallAttemptTimeoutException.class, ApiCallTimeoutException.class);
    }
    assertThat(proxy.forwarded("PutParameter")).hasSize(3);
    assertThat(aws.client(SsmClient.class, SsmClient::builder).getParameter(r -> r.name("/fault/slow")).parameter().value())
        .isEqualTo("v");
  }

  @Test
  void unassumableAccountsAreRefusedAndOthersAssumed() {
    proxy.profile(FaultProfile.unassumable("222222222222"));
    StsClient sts = clients.get(StsClient.class, StsClient::builder);

    assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/member").roleSessionName("s")))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThat(sts.assumeRole(r -> r.roleArn("arn:aws:iam::111111111111:role/member").roleSessionName("s")).credentials())
        .isNotNull();
    assertThat(proxy.calls()).extracting(FaultProxy.Call::injected).containsExactly(Injected.ASSUME_ROLE_DENIED, Injected.NONE);
  }
}
