package dev.compliantami.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.testing.MotoServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Every SDK call through a target's clients takes a token of that account/region's limiter; the limiters run on a
 * fake clock that only their own sleeps move, so the recorded waits are exact and no real time is spent.
 */
class RateLimiterClientsTest {
  private static final String CENTRAL = "123456789012";
  private static final String MEMBER = "111122223333";

  private final AtomicLong clock = new AtomicLong();
  private StsInFrontOfMoto endpoints;
  private AwsClients central;
  private MemberClients members;

  @BeforeEach
  void start() {
    endpoints = new StsInFrontOfMoto(MotoServer.shared());
    central = new AwsClients("us-east-1");
    // 2 requests/s, burst 1; sleeping advances the shared fake clock
    members = new MemberClients(central, CENTRAL, "compliant-ami-member", "compliant-ami-test",
        () -> new RateLimiter(2, 1, clock::get, clock::addAndGet));
  }

  @AfterEach
  void stop() {
    members.close();
    central.close();
    endpoints.close();
  }

  @Test
  void everyCallOfATargetPassesItsOwnLimiter() {
    Target centralEast = new Target(CENTRAL, "us-east-1");
    Target memberEast = new Target(MEMBER, "us-east-1");
    Target memberWest = new Target(MEMBER, "eu-west-1");

    for (int i = 0; i < 5; i++) {
      members.clients(centralEast).get(StsClient.class, StsClient::builder).getCallerIdentity();
    }
    for (int i = 0; i < 3; i++) {
      members.clients(memberEast).get(StsClient.class, StsClient::builder).getCallerIdentity();
    }
    // another service in the same account/region shares the limiter
    members.clients(memberEast).get(SsmClient.class, SsmClient::builder).describeParameters(r -> {});
    members.clients(memberWest).get(StsClient.class, StsClient::builder).getCallerIdentity();

    RateLimiter c = members.limiter(centralEast);
    assertThat(c.permits()).isEqualTo(5);
    assertThat(c.waitedPermits()).isEqualTo(4);
    assertThat(c.totalWait()).isEqualTo(Duration.ofSeconds(2));

    // 4 calls; the AssumeRole behind them is made by the central STS client and takes no member token
    RateLimiter m = members.limiter(memberEast);
    assertThat(m.permits()).isEqualTo(4);
    assertThat(m.waitedPermits()).isEqualTo(3);
    assertThat(m.totalWait()).isEqualTo(Duration.ofMillis(1500));

    RateLimiter w = members.limiter(memberWest);
    assertThat(w.permits()).isEqualTo(1);
    assertThat(w.waitedPermits()).isZero();
    assertThat(w).isNotSameAs(m).isNotSameAs(c);
  }
}
