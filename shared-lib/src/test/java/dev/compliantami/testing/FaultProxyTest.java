package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.testing.FaultProxy.Injected;
import java.time.Duration;
import java.util.List;
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

  @Test
  void everyCallThrottledSurfacesTheServicesOwnThrottlingErrorAfterTheSdkRetries() {
    proxy.profile(FaultProfile.throttling(1, 1.0));

    assertThatThrownBy(() -> ec2().describeImages(r -> r.owners("self")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded"));
    assertThatThrownBy(() -> clients.get(SsmClient.class, SsmClient::builder).getParameter(r -> r.name("/x")))
        .isInstanceOfSatisfying(SsmException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.isThrottlingException()).isTrue();
        });
    assertThatThrownBy(() -> clients.get(ImagebuilderClient.class, ImagebuilderClient::builder).listImagePipelines(r -> {}))
        .isInstanceOf(CallRateLimitExceededException.class);
    assertThat(proxy.calls()).extracting(FaultProxy.Call::operation)
        .containsExactly("DescribeImages", "DescribeImages", "DescribeImages", "GetParameter", "GetParameter", "GetParameter",
            "ListImagePipelines", "ListImagePipelines", "ListImagePipelines");
  }

  @Test
  void serverErrorsAndResetsAreTheServicesOwnFaults() {
    proxy.profile(FaultProfile.serverErrors(1, 1.0));
    assertThatThrownBy(() -> ec2().describeImages(r -> r.owners("self")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThatThrownBy(() -> clients.get(SsmClient.class, SsmClient::builder).getParameter(r -> r.name("/x")))
        .isInstanceOf(InternalServerErrorException.class);
    assertThatThrownBy(() -> clients.get(ImagebuilderClient.class, ImagebuilderClient::builder).listImagePipelines(r -> {}))
        .isInstanceOf(ServiceException.class);

    proxy.profile(FaultProfile.resets(1, 1.0));
    assertThatThrownBy(() -> ec2().describeImages(r -> r.owners("self"))).isInstanceOf(SdkClientException.class);
  }

  @Test
  void aShareOfFaultsIsRetriedAwayAndTheSameSeedFaultsTheSameCalls() {
    List<Injected> first = run(FaultProfile.throttling(42, 0.3));
    List<Injected> again = run(FaultProfile.throttling(42, 0.3));
    List<Injected> other = run(FaultProfile.throttling(7, 0.3));

    assertThat(first).contains(Injected.THROTTLED).contains(Injected.NONE);
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  private List<Injected> run(FaultProfile profile) {
    // a fresh proxy: occurrence counts start again, as in a new test
    try (FaultProxy fresh = FaultProxy.start(profile).inFrontOf(aws.moto().endpoint())) {
      System.setProperty("aws.endpointUrlSsm", fresh.endpoint());
      try (AwsClients c = new AwsClients("us-east-1")) {
        SsmClient ssm = c.get(SsmClient.class, SsmClient::builder);
        for (int i = 0; i < 20; i++) {
          int n = i;
          ssm.putParameter(r -> r.name("/fault/p" + n).value("v").type("String").overwrite(true));
        }
      }
      return fresh.calls().stream().map(FaultProxy.Call::injected).toList();
    } finally {
      System.setProperty("aws.endpointUrlSsm", proxy.endpoint());
    }
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
