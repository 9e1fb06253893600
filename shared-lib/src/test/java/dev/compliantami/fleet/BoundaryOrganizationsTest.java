package dev.compliantami.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.config.EnvReader;
import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.MotoServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * OUs resolved against moto's Organizations: nested OUs, a closed (SUSPENDED) account, accounts left in the root,
 * and page size 1 so that every listing pages. The organization belongs to a fresh random management account (moto
 * switches account on assumed-role credentials), so the shared moto needs no reset.
 */
class BoundaryOrganizationsTest {
  private static OrganizationsClient organizations;
  private static String management;
  private static String root;
  private static String ouA;
  private static String ouA1;
  private static String ouA1x;
  private static String ouB;
  private static String ouEmpty;
  private static String a1;
  private static String a2;
  private static String a3;
  private static String a4Closed;
  private static String a5;
  private static String b1;
  private static String r1;

  @BeforeAll
  static void organization() {
    MotoServer moto = MotoServer.shared();
    management = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    try (StsClient sts = StsClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build()) {
      Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + management + ":role/OrgAdmin")
          .roleSessionName("org-setup")).credentials();
      organizations = OrganizationsClient.builder().endpointOverride(URI.create(moto.endpoint()))
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
          .overrideConfiguration(o -> o.addExecutionInterceptor(new CallCounter()))
          .build();
    }
    assertThat(organizations.createOrganization(r -> r.featureSet("ALL")).organization().masterAccountId())
        .isEqualTo(management);
    root = organizations.listRoots(r -> {}).roots().getFirst().id();
    ouA = ou(root, "a");
    ouA1 = ou(ouA, "a1");
    ouA1x = ou(ouA1, "a1x");
    ouB = ou(root, "b");
    ouEmpty = ou(root, "empty");
    a1 = account("a1", ouA);
    a2 = account("a2", ouA1);
    a3 = account("a3", ouA1x);
    a4Closed = account("a4", ouA1x);
    a5 = account("a5", ouA1x);
    b1 = account("b1", ouB);
    r1 = account("r1", null);
    organizations.closeAccount(r -> r.accountId(a4Closed));
    assertThat(organizations.describeAccount(r -> r.accountId(a4Closed)).account().state())
        .isEqualTo(AccountState.SUSPENDED);
  }

  @AfterAll
  static void close() {
    if (organizations != null) {
      organizations.close();
    }
  }

  @BeforeEach
  void resetCounts() {
    CallCounter.reset();
  }

  @Test
  void nestedOusGiveTheirActiveAccountsSortedAndPagedOneByOne() {
    Boundary boundary = Boundary.resolve(settings(ouA), management, new OrganizationAccounts(organizations, 1));

    assertThat(boundary.accountIds()).containsExactlyElementsOf(sorted(a1, a2, a3, a5)).doesNotContain(a4Closed);
    // ou-a: 1 account, ou-a1: 1, ou-a1x: 3 (a3, a4 closed, a5), one per page: 5 pages; one child listing per OU
    assertThat(CallCounter.snapshot())
        .containsEntry("Organizations:ListAccountsForParent", 5)
        .containsEntry("Organizations:ListChildren", 3);
  }

  @Test
  void theRootGivesEveryActiveAccountIncludingTheManagementAccount() {
    Boundary boundary = Boundary.resolve(settings(root), management, new OrganizationAccounts(organizations, 2));
    assertThat(boundary.accountIds()).containsExactlyElementsOf(sorted(management, a1, a2, a3, a5, b1, r1));
  }

  @Test
  void overlappingOusAreListedOnceAndAccountsDeduplicated() {
    Boundary boundary = Boundary.resolve(settings(ouA1x + "," + ouA + "," + ouB + "," + ouEmpty), management,
        new OrganizationAccounts(organizations, 1));

    assertThat(boundary.accountIds()).containsExactlyElementsOf(sorted(a1, a2, a3, a5, b1));
    // ou-a1x (3), ou-a (1), ou-b (1), ou-empty (1 empty page), ou-a1 (1); ou-a1x again through ou-a1 is skipped
    assertThat(CallCounter.snapshot()).containsEntry("Organizations:ListAccountsForParent", 7)
        .containsEntry("Organizations:ListChildren", 5);
  }

  @Test
  void targetsAreTheResolvedAccountsTimesTheRegions() {
    BoundarySettings settings = BoundarySettings.from(
        new EnvReader(Map.of("BOUNDARY_OU_IDS", ouA1, "BOUNDARY_REGIONS", "us-east-1,eu-west-1")), "us-east-1");
    List<Target> targets = Boundary.resolve(settings, management, new OrganizationAccounts(organizations)).targets();
    List<String> accounts = sorted(a2, a3, a5);
    assertThat(targets).containsExactly(
        new Target(accounts.get(0), "us-east-1"), new Target(accounts.get(0), "eu-west-1"),
        new Target(accounts.get(1), "us-east-1"), new Target(accounts.get(1), "eu-west-1"),
        new Target(accounts.get(2), "us-east-1"), new Target(accounts.get(2), "eu-west-1"));
  }

  private static BoundarySettings settings(String ous) {
    return BoundarySettings.from(new EnvReader(Map.of("BOUNDARY_OU_IDS", ous)), "us-east-1");
  }

  private static String ou(String parent, String name) {
    return organizations.createOrganizationalUnit(r -> r.parentId(parent).name(name)).organizationalUnit().id();
  }

  private static String account(String name, String ou) {
    String id = organizations.createAccount(r -> r.accountName(name).email(name + "@example.com"))
        .createAccountStatus().accountId();
    if (ou != null) {
      organizations.moveAccount(r -> r.accountId(id).sourceParentId(root).destinationParentId(ou));
    }
    return id;
  }

  private static List<String> sorted(String... ids) {
    return java.util.Arrays.stream(ids).sorted().toList();
  }
}
