package dev.compliantami.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Member clients against moto's STS (moto answers GetCallerIdentity for assumed-role keys with the assumed role in
 * the role's account, and keeps every account's resources apart). STS goes through a WireMock proxy so that one
 * account's role can be refused with a real AccessDenied.
 */
class MemberClientsTest {
  /** moto's account for the access key "testing" the tests run with. */
  private static final String CENTRAL = "123456789012";
  private static final String MEMBER = "111122223333";
  private static final String NO_ROLE = "444455556666";
  private static final String ROLE = "compliant-ami-member";
  private static final String SESSION = "compliant-ami-test";

  private StsInFrontOfMoto sts;
  private AwsClients home;
  private AwsClients central;
  private MemberClients members;

  @BeforeEach
  void start() {
    sts = new StsInFrontOfMoto(MotoServer.shared());
    sts.denyAssumeRole(NO_ROLE, ROLE, "arn:aws:sts::" + CENTRAL + ":assumed-role/fn-role/fn");
    home = new AwsClients("us-east-1");
    // the central clients count their calls: the AssumeRole calls are made by the central STS client
    central = home.withInterceptors(List.of(new CallCounter()));
    CallCounter.reset();
    members = new MemberClients(central, CENTRAL, ROLE, SESSION, () -> RateLimiter.of(100));
  }

  @AfterEach
  void stop() {
    members.close();
    central.close();
    home.close();
    sts.close();
  }

  @Test
  void aMemberTargetsCallsCarryTheAssumedRoleOfThatAccount() {
    Target target = new Target(MEMBER, "eu-west-1");
    GetCallerIdentityResponse me = stsOf(target).getCallerIdentity();

    assertThat(me.account()).isEqualTo(MEMBER);
    assertThat(me.arn()).isEqualTo("arn:aws:sts::" + MEMBER + ":assumed-role/" + ROLE + "/" + SESSION);
    assertThat(members.clients(target).region().id()).isEqualTo("eu-west-1");
    assertThat(sts.assumeRoleRequests()).singleElement().satisfies(body -> assertThat(body)
        .contains("RoleArn=arn%3Aaws%3Aiam%3A%3A" + MEMBER + "%3Arole%2F" + ROLE)
        .contains("RoleSessionName=" + SESSION)
        .contains("DurationSeconds=3600"));
    assertThat(assumeRoleCalls()).isEqualTo(1);
  }

  @Test
  void credentialsAreAssumedOncePerAccountAndClientsReused() {
    Target east = new Target(MEMBER, "us-east-1");
    Target west = new Target(MEMBER, "eu-west-1");
    for (int i = 0; i < 3; i++) {
      assertThat(stsOf(east).getCallerIdentity().account()).isEqualTo(MEMBER);
      assertThat(stsOf(west).getCallerIdentity().account()).isEqualTo(MEMBER);
    }
    assertThat(assumeRoleCalls()).isEqualTo(1);
    assertThat(members.clients(east)).isSameAs(members.clients(east)).isNotSameAs(members.clients(west));
    assertThat(members.clients(east).credentialsProvider()).isSameAs(members.clients(west).credentialsProvider());
  }

  @Test
  void theCentralAccountUsesItsOwnCredentialsWithoutAssumeRole() {
    Target target = new Target(CENTRAL, "us-east-1");
    GetCallerIdentityResponse me = stsOf(target).getCallerIdentity();

    assertThat(me.account()).isEqualTo(CENTRAL);
    assertThat(me.arn()).doesNotContain("assumed-role");
    assertThat(members.roleArn(target)).isNull();
    assertThat(members.clients(target).credentialsProvider()).isSameAs(central.credentialsProvider());
    assertThat(sts.assumeRoleRequests()).isEmpty();
    assertThat(assumeRoleCalls()).isZero();
    assertThat(CallCounter.snapshot()).isEmpty(); // the target's call went through its own clients
    assertThat(members.limiter(target).permits()).isEqualTo(1);
  }

  @Test
  void serviceCallsOfAMemberTargetActInTheMemberAccount() {
    Target target = new Target(MEMBER, "eu-west-1");
    SsmClient memberSsm = members.clients(target).get(SsmClient.class, SsmClient::builder);
    memberSsm.putParameter(r -> r.name("/compliant-ami/fleet-test").value("ami-0123456789abcdef0").type("String")
        .overwrite(true));

    assertThat(memberSsm.getParameter(r -> r.name("/compliant-ami/fleet-test")).parameter().value())
        .isEqualTo("ami-0123456789abcdef0");
    SsmClient centralSsm = home.inRegion("eu-west-1").get(SsmClient.class, SsmClient::builder);
    assertThatThrownBy(() -> centralSsm.getParameter(r -> r.name("/compliant-ami/fleet-test")))
        .isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void aTargetWhoseRoleCannotBeAssumedFailsWithAccessDeniedAndTheOthersAreDone() {
    List<Target> targets = Boundary.of(List.of(NO_ROLE, CENTRAL, MEMBER), List.of("us-east-1", "eu-west-1")).targets();

    List<TargetResult<String>> results =
        FanOut.run(targets, 3, target -> stsOf(target).getCallerIdentity().account());

    TargetResult.Partition<String> outcome = TargetResult.partition(results);
    assertThat(outcome.failed()).extracting(TargetResult::target).extracting(Target::accountId)
        .containsExactly(NO_ROLE, NO_ROLE);
    assertThat(outcome.failed()).allSatisfy(f -> assertThat(f.reason())
        .startsWith("AccessDenied: ")
        .contains("sts:AssumeRole on resource: arn:aws:iam::" + NO_ROLE + ":role/" + ROLE));
    assertThat(outcome.done()).extracting(d -> Map.entry(d.target(), d.value())).containsExactly(
        // accounts sorted (111122223333 before 123456789012), regions in configured order
        Map.entry(new Target(MEMBER, "us-east-1"), MEMBER), Map.entry(new Target(MEMBER, "eu-west-1"), MEMBER),
        Map.entry(new Target(CENTRAL, "us-east-1"), CENTRAL), Map.entry(new Target(CENTRAL, "eu-west-1"), CENTRAL));
    System.out.println("failed targets: " + outcome.failed());
  }

  @Test
  void roleArnsFollowThePartitionOfTheRegion() {
    assertThat(members.roleArn(new Target(MEMBER, "us-gov-west-1")))
        .isEqualTo("arn:aws-us-gov:iam::" + MEMBER + ":role/" + ROLE);
    assertThat(members.roleArn(new Target(MEMBER, "eu-west-1"))).isEqualTo("arn:aws:iam::" + MEMBER + ":role/" + ROLE);
  }

  @Test
  void badSessionNamesAreRefused() {
    assertThatThrownBy(() -> new MemberClients(central, CENTRAL, ROLE, "has space", () -> RateLimiter.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MemberClients(central, CENTRAL, ROLE, "x".repeat(65), () -> RateLimiter.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private StsClient stsOf(Target target) {
    return members.clients(target).get(StsClient.class, StsClient::builder);
  }

  private static int assumeRoleCalls() {
    return CallCounter.snapshot().entrySet().stream().filter(e -> e.getKey().endsWith(":AssumeRole"))
        .mapToInt(Map.Entry::getValue).sum();
  }
}
