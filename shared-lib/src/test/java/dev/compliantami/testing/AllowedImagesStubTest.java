package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.testing.Ec2AllowedImagesStub.Criterion;
import dev.compliantami.testing.Ec2AllowedImagesStub.Image;
import dev.compliantami.testing.Ec2AllowedImagesStub.Instance;
import dev.compliantami.testing.Ec2AllowedImagesStub.Write;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AllowedImagesSettingsDisabledState;
import software.amazon.awssdk.services.ec2.model.AllowedImagesSettingsEnabledState;
import software.amazon.awssdk.services.ec2.model.CreationDateConditionRequest;
import software.amazon.awssdk.services.ec2.model.DeprecationTimeConditionRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GetAllowedImagesSettingsResponse;
import software.amazon.awssdk.services.ec2.model.ImageCriterion;
import software.amazon.awssdk.services.ec2.model.ImageCriterionRequest;
import software.amazon.awssdk.services.ec2.model.InstanceImageMetadata;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ManagedBy;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

class AllowedImagesStubTest {
  private static final String CENTRAL = Ec2AllowedImagesStub.CENTRAL_ACCOUNT;
  private static final String MEMBER = "111122223333";
  private static final String GOLDEN = "999988887777";
  private static final StaticCredentialsProvider CENTRAL_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private Ec2AllowedImagesStub stub;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    stub = Ec2AllowedImagesStub.start(MotoServer.shared()).routeSdkClients();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : clients) {
      c.close();
    }
    stub.close();
    assertThat(System.getProperty("aws.endpointUrlEc2")).isNull();
    assertThat(System.getProperty("aws.endpointUrlSts")).isNull();
  }

  private Ec2Client ec2(String region, AwsCredentialsProvider credentials) {
    // no endpointOverride: the client must find the stub through aws.endpointUrlEc2
    Ec2Client client = Ec2Client.builder().region(Region.of(region)).credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create()).build();
    clients.add(client);
    return client;
  }

  private AwsCredentialsProvider assumeInto(String account) {
    StsClient sts = StsClient.builder().region(Region.US_EAST_1).credentialsProvider(CENTRAL_CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create()).build();
    clients.add(sts);
    Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/compliant-ami-member")
        .roleSessionName("allowed-amis-enforcer")).credentials();
    return StaticCredentialsProvider.create(
        AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
  }

  @Test
  void everyFieldRoundTripsForTheCentralAccount() {
    Ec2Client ec2 = ec2("us-east-1", CENTRAL_CREDENTIALS);

    GetAllowedImagesSettingsResponse initial = ec2.getAllowedImagesSettings(r -> { });
    assertThat(initial.state()).isEqualTo("disabled");
    assertThat(initial.imageCriteria()).isEmpty();
    assertThat(initial.managedBy()).isEqualTo(ManagedBy.ACCOUNT);

    boolean replaced = ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(
        ImageCriterionRequest.builder().imageProviders("amazon", GOLDEN).imageNames("golden-*", "al2023-ami-?-x")
            .marketplaceProductCodes("abc123xyz")
            .creationDateCondition(CreationDateConditionRequest.builder().maximumDaysSinceCreated(300).build())
            .deprecationTimeCondition(DeprecationTimeConditionRequest.builder().maximumDaysSinceDeprecated(0).build())
            .build(),
        ImageCriterionRequest.builder().imageProviders("aws-marketplace").build())).returnValue();
    assertThat(replaced).isTrue();
    assertThat(ec2.enableAllowedImagesSettings(r -> r.allowedImagesSettingsState(AllowedImagesSettingsEnabledState.AUDIT_MODE))
        .allowedImagesSettingsState()).isEqualTo(AllowedImagesSettingsEnabledState.AUDIT_MODE);

    GetAllowedImagesSettingsResponse got = ec2.getAllowedImagesSettings(r -> { });
    assertThat(got.state()).isEqualTo("audit-mode");
    assertThat(got.managedBy()).isEqualTo(ManagedBy.ACCOUNT);
    assertThat(got.imageCriteria()).hasSize(2);
    ImageCriterion first = got.imageCriteria().get(0);
    assertThat(first.imageProviders()).containsExactly("amazon", GOLDEN);
    assertThat(first.imageNames()).containsExactly("golden-*", "al2023-ami-?-x");
    assertThat(first.marketplaceProductCodes()).containsExactly("abc123xyz");
    assertThat(first.creationDateCondition().maximumDaysSinceCreated()).isEqualTo(300);
    assertThat(first.deprecationTimeCondition().maximumDaysSinceDeprecated()).isZero();
    ImageCriterion second = got.imageCriteria().get(1);
    assertThat(second.imageProviders()).containsExactly("aws-marketplace");
    assertThat(second.imageNames()).isEmpty();
    assertThat(second.creationDateCondition()).isNull();

    // the SDK's query member names, as the stub received them
    List<Write> writes = stub.writes(CENTRAL, "us-east-1");
    assertThat(writes).extracting(Write::action)
        .containsExactly("ReplaceImageCriteriaInAllowedImagesSettings", "EnableAllowedImagesSettings");
    assertThat(writes.get(0).parameters()).containsEntry("Version", "2016-11-15")
        .containsEntry("ImageCriterion.1.ImageProvider.1", "amazon")
        .containsEntry("ImageCriterion.1.ImageProvider.2", GOLDEN)
        .containsEntry("ImageCriterion.1.ImageName.1", "golden-*")
        .containsEntry("ImageCriterion.1.MarketplaceProductCode.1", "abc123xyz")
        .containsEntry("ImageCriterion.1.CreationDateCondition.MaximumDaysSinceCreated", "300")
        .containsEntry("ImageCriterion.1.DeprecationTimeCondition.MaximumDaysSinceDeprecated", "0")
        .containsEntry("ImageCriterion.2.ImageProvider.1", "aws-marketplace");
    assertThat(writes.get(1).parameters()).containsEntry("AllowedImagesSettingsState", "audit-mode");
    assertThat(stub.settings(CENTRAL, "us-east-1").state()).isEqualTo("audit-mode");

    assertThat(ec2.disableAllowedImagesSettings(r -> { }).allowedImagesSettingsState())
        .isEqualTo(AllowedImagesSettingsDisabledState.DISABLED);
    assertThat(ec2.getAllowedImagesSettings(r -> { }).state()).isEqualTo("disabled");
    // replacing with an empty list clears the criteria
    ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(Collections.emptyList()));
    assertThat(ec2.getAllowedImagesSettings(r -> { }).imageCriteria()).isEmpty();
  }

  @Test
  void settingsAreIsolatedBetweenAccountsAndRegions() {
    AwsCredentialsProvider member = assumeInto(MEMBER);
    assertThat(stub.assumedRoles()).containsExactly("arn:aws:iam::" + MEMBER + ":role/compliant-ami-member");
    assertThat(stub.accountOf(member.resolveCredentials().accessKeyId())).isEqualTo(MEMBER);

    Ec2Client centralEast = ec2("us-east-1", CENTRAL_CREDENTIALS);
    Ec2Client centralWest = ec2("eu-west-1", CENTRAL_CREDENTIALS);
    Ec2Client memberEast = ec2("us-east-1", member);
    Ec2Client memberWest = ec2("eu-west-1", member);

    centralEast.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(
        ImageCriterionRequest.builder().imageProviders("amazon").build()));
    centralEast.enableAllowedImagesSettings(r -> r.allowedImagesSettingsState(AllowedImagesSettingsEnabledState.ENABLED));
    memberWest.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(
        ImageCriterionRequest.builder().imageProviders(CENTRAL).build()));
    memberWest.enableAllowedImagesSettings(r -> r.allowedImagesSettingsState(AllowedImagesSettingsEnabledState.AUDIT_MODE));

    assertThat(centralEast.getAllowedImagesSettings(r -> { }).state()).isEqualTo("enabled");
    assertThat(centralEast.getAllowedImagesSettings(r -> { }).imageCriteria().get(0).imageProviders())
        .containsExactly("amazon");
    assertThat(centralWest.getAllowedImagesSettings(r -> { }).state()).isEqualTo("disabled");
    assertThat(centralWest.getAllowedImagesSettings(r -> { }).imageCriteria()).isEmpty();
    assertThat(memberEast.getAllowedImagesSettings(r -> { }).state()).isEqualTo("disabled");
    assertThat(memberWest.getAllowedImagesSettings(r -> { }).state()).isEqualTo("audit-mode");
    assertThat(memberWest.getAllowedImagesSettings(r -> { }).imageCriteria().get(0).imageProviders())
        .containsExactly(CENTRAL);

    assertThat(stub.writes(CENTRAL, "us-east-1")).hasSize(2);
    assertThat(stub.writes(CENTRAL, "eu-west-1")).isEmpty();
    assertThat(stub.writes(MEMBER, "us-east-1")).isEmpty();
    assertThat(stub.writes(MEMBER, "eu-west-1")).extracting(Write::action)
        .containsExactly("ReplaceImageCriteriaInAllowedImagesSettings", "EnableAllowedImagesSettings");

    // other EC2 operations still reach moto through the stub
    assertThat(centralEast.describeRegions().regions()).isNotEmpty();
  }

  @Test
  void seededSettingsAreServed() {
    stub.settings(MEMBER, "eu-central-1").state("enabled")
        .criteria(Criterion.providers(GOLDEN).withImageNames("golden-*").withMaximumDaysSinceDeprecated(7));
    Ec2Client memberCentral = ec2("eu-central-1", assumeInto(MEMBER));
    GetAllowedImagesSettingsResponse got = memberCentral.getAllowedImagesSettings(r -> { });
    assertThat(got.state()).isEqualTo("enabled");
    assertThat(got.imageCriteria()).singleElement().satisfies(c -> {
      assertThat(c.imageProviders()).containsExactly(GOLDEN);
      assertThat(c.imageNames()).containsExactly("golden-*");
      assertThat(c.deprecationTimeCondition().maximumDaysSinceDeprecated()).isEqualTo(7);
      assertThat(c.creationDateCondition()).isNull();
    });
  }

  @Test
  void limitsAreValidated() {
    Ec2Client ec2 = ec2("us-east-1", CENTRAL_CREDENTIALS);
    List<ImageCriterionRequest> eleven = IntStream.range(0, 11)
        .mapToObj(i -> ImageCriterionRequest.builder().imageProviders("amazon").build()).toList();
    assertError(() -> ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(eleven)),
        "InvalidParameterValue", 400);
    String[] providers = IntStream.range(0, 201).mapToObj(i -> String.format("%012d", i)).toArray(String[]::new);
    assertError(() -> ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(
        ImageCriterionRequest.builder().imageProviders(providers).build())), "InvalidParameterValue", 400);
    String[] names = IntStream.range(0, 51).mapToObj(i -> "name-" + i).toArray(String[]::new);
    assertError(() -> ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(
        ImageCriterionRequest.builder().imageProviders("amazon").imageNames(names).build())), "InvalidParameterValue", 400);
    assertError(() -> ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(
        ImageCriterionRequest.builder().imageProviders("none", "amazon").build())), "InvalidParameterCombination", 400);
    assertError(() -> ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(
        ImageCriterionRequest.builder().imageProviders("amazon").imageNames("a?").build())), "InvalidParameterValue", 400);

    // ten criteria, 200 providers, 50 names and "none" alone are fine
    List<ImageCriterionRequest> ten = new ArrayList<>(IntStream.range(0, 9)
        .mapToObj(i -> ImageCriterionRequest.builder().imageProviders("none").build()).toList());
    ten.add(ImageCriterionRequest.builder().imageProviders(java.util.Arrays.copyOf(providers, 200))
        .imageNames(java.util.Arrays.copyOf(names, 50)).build());
    assertThat(ec2.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(ten)).returnValue()).isTrue();
    assertThat(ec2.getAllowedImagesSettings(r -> { }).imageCriteria()).hasSize(10);
    assertThat(stub.writes(CENTRAL, "us-east-1")).extracting(Write::errorCode).containsExactly(
        "InvalidParameterValue", "InvalidParameterValue", "InvalidParameterValue", "InvalidParameterCombination",
        "InvalidParameterValue", null);
  }

  @Test
  void writesAreRefusedWhenADeclarativePolicyManagesTheSettings() {
    stub.managedByDeclarativePolicy(MEMBER, "us-east-1").state("enabled").criteria(Criterion.providers("amazon"));
    Ec2Client member = ec2("us-east-1", assumeInto(MEMBER));

    GetAllowedImagesSettingsResponse got = member.getAllowedImagesSettings(r -> { });
    assertThat(got.managedBy()).isEqualTo(ManagedBy.DECLARATIVE_POLICY);
    assertThat(got.state()).isEqualTo("enabled");

    assertError(() -> member.enableAllowedImagesSettings(r -> r.allowedImagesSettingsState(
        AllowedImagesSettingsEnabledState.AUDIT_MODE)), Ec2AllowedImagesStub.DECLARATIVE_POLICY_ERROR, 400);
    assertError(() -> member.disableAllowedImagesSettings(r -> { }), Ec2AllowedImagesStub.DECLARATIVE_POLICY_ERROR, 400);
    assertError(() -> member.replaceImageCriteriaInAllowedImagesSettings(r -> r.imageCriteria(
        ImageCriterionRequest.builder().imageProviders(GOLDEN).build())), Ec2AllowedImagesStub.DECLARATIVE_POLICY_ERROR, 400);

    assertThat(stub.settings(MEMBER, "us-east-1").state()).isEqualTo("enabled");
    assertThat(stub.settings(MEMBER, "us-east-1").criteria()).containsExactly(Criterion.providers("amazon"));
    assertThat(stub.writes(MEMBER, "us-east-1")).extracting(Write::errorCode)
        .containsOnly(Ec2AllowedImagesStub.DECLARATIVE_POLICY_ERROR).hasSize(3);
    // the central account is not affected
    ec2("us-east-1", CENTRAL_CREDENTIALS).disableAllowedImagesSettings(r -> { });
  }

  @Test
  void instanceImageMetadataPagesAndComputesImageAllowed() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    stub.settings(CENTRAL, "us-east-1").state("audit-mode").criteria(
        Criterion.providers(GOLDEN).withImageNames("golden-*").withMaximumDaysSinceDeprecated(0),
        Criterion.providers("amazon").withMaximumDaysSinceCreated(300));
    Image golden = Image.of("ami-golden", "golden-al2023-1", GOLDEN, now.minus(Duration.ofDays(10)));
    Image goldenDeprecated = golden.withDeprecationTime(now.minus(Duration.ofDays(1)));
    Image otherName = Image.of("ami-other", "custom-build", GOLDEN, now.minus(Duration.ofDays(10)));
    Image amazonOld = Image.of("ami-amzn-old", "al2-old", "137112412989", now.minus(Duration.ofDays(400)))
        .withAlias("amazon").withPublic(true);
    Image amazonNew = Image.of("ami-amzn-new", "al2023-new", "137112412989", now.minus(Duration.ofDays(5)))
        .withAlias("amazon").withPublic(true);
    Image own = Image.of("ami-own", "whatever", CENTRAL, now.minus(Duration.ofDays(999))).withState("deregistered");
    Map<String, Boolean> expected = new java.util.LinkedHashMap<>();
    Object[][] seeds = {
        {"i-0000000000000001", golden, true}, {"i-0000000000000002", goldenDeprecated, false},
        {"i-0000000000000003", otherName, false}, {"i-0000000000000004", amazonOld, false},
        {"i-0000000000000005", amazonNew, true}, {"i-0000000000000006", own, true}};
    for (Object[] seed : seeds) {
      stub.addInstance(CENTRAL, "us-east-1", Instance.running((String) seed[0], (Image) seed[1])
          .withTags(Map.of("Name", "web-" + seed[0], "team", "a")).withLaunchTime(now.minus(Duration.ofDays(2))));
      expected.put((String) seed[0], (Boolean) seed[2]);
    }
    stub.addInstance(CENTRAL, "us-east-1", Instance.running("i-0000000000000007", golden).withState("stopped"));
    expected.put("i-0000000000000007", true);
    stub.addInstance(CENTRAL, "eu-west-1", Instance.running("i-00000000000000ff", golden));
    Ec2Client ec2 = ec2("us-east-1", CENTRAL_CREDENTIALS);

    List<List<InstanceImageMetadata>> pages = new ArrayList<>();
    ec2.describeInstanceImageMetadataPaginator(r -> r.maxResults(3)).forEach(p -> pages.add(p.instanceImageMetadata()));
    assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
    List<InstanceImageMetadata> all = pages.stream().flatMap(List::stream).toList();
    assertThat(all).extracting(InstanceImageMetadata::instanceId).containsExactlyElementsOf(expected.keySet());
    for (InstanceImageMetadata m : all) {
      assertThat(m.imageMetadata().imageAllowed()).as(m.instanceId()).isEqualTo(expected.get(m.instanceId()));
    }

    InstanceImageMetadata first = all.get(0);
    assertThat(first.instanceTypeAsString()).isEqualTo("t3.micro");
    assertThat(first.launchTime()).isEqualTo(now.minus(Duration.ofDays(2)));
    assertThat(first.availabilityZone()).isEqualTo("us-east-1a");
    assertThat(first.state().name()).isEqualTo(InstanceStateName.RUNNING);
    assertThat(first.state().code()).isEqualTo(16);
    assertThat(first.ownerId()).isEqualTo(CENTRAL);
    assertThat(first.tags()).extracting(t -> t.key() + "=" + t.value())
        .containsExactlyInAnyOrder("Name=web-i-0000000000000001", "team=a");
    assertThat(first.imageMetadata().imageId()).isEqualTo("ami-golden");
    assertThat(first.imageMetadata().name()).isEqualTo("golden-al2023-1");
    assertThat(first.imageMetadata().ownerId()).isEqualTo(GOLDEN);
    assertThat(first.imageMetadata().stateAsString()).isEqualTo("available");
    assertThat(first.imageMetadata().isPublic()).isFalse();
    assertThat(Instant.parse(first.imageMetadata().creationDate())).isEqualTo(now.minus(Duration.ofDays(10)));
    InstanceImageMetadata amazon = all.get(4);
    assertThat(amazon.imageMetadata().imageOwnerAlias()).isEqualTo("amazon");
    assertThat(amazon.imageMetadata().isPublic()).isTrue();
    assertThat(Instant.parse(all.get(1).imageMetadata().deprecationTime())).isEqualTo(now.minus(Duration.ofDays(1)));
    assertThat(all.get(5).imageMetadata().stateAsString()).isEqualTo("deregistered");
    assertThat(all.get(6).state().name()).isEqualTo(InstanceStateName.STOPPED);

    // filters and instance ids
    assertThat(ec2.describeInstanceImageMetadata(r -> r.filters(
            Filter.builder().name("image-allowed").values("false").build(),
            Filter.builder().name("instance-state-name").values("running").build()))
        .instanceImageMetadata()).extracting(InstanceImageMetadata::instanceId)
        .containsExactly("i-0000000000000002", "i-0000000000000003", "i-0000000000000004");
    assertThat(ec2.describeInstanceImageMetadata(r -> r.filters(
            Filter.builder().name("tag:Name").values("web-*5").build()))
        .instanceImageMetadata()).extracting(InstanceImageMetadata::instanceId).containsExactly("i-0000000000000005");
    assertThat(ec2.describeInstanceImageMetadata(r -> r.instanceIds("i-0000000000000007", "i-0000000000000001"))
        .instanceImageMetadata()).extracting(InstanceImageMetadata::instanceId)
        .containsExactly("i-0000000000000001", "i-0000000000000007");
    assertError(() -> ec2.describeInstanceImageMetadata(r -> r.instanceIds("i-0fffffffffffffff0")),
        "InvalidInstanceID.NotFound", 400);
    assertError(() -> ec2.describeInstanceImageMetadata(r -> r.maxResults(1001)), "InvalidParameterValue", 400);

    // another Region holds its own instances; disabled settings give no imageAllowed
    List<InstanceImageMetadata> west = ec2("eu-west-1", CENTRAL_CREDENTIALS).describeInstanceImageMetadata(r -> { })
        .instanceImageMetadata();
    assertThat(west).extracting(InstanceImageMetadata::instanceId).containsExactly("i-00000000000000ff");
    assertThat(west.get(0).imageMetadata().imageAllowed()).isNull();

    // criteria changes are reflected at once
    stub.settings(CENTRAL, "us-east-1").criteria(Criterion.providers("amazon"));
    assertThat(ec2.describeInstanceImageMetadata(r -> r.instanceIds("i-0000000000000001", "i-0000000000000004"))
        .instanceImageMetadata()).extracting(m -> m.imageMetadata().imageAllowed()).containsExactly(false, true);
  }

  @Test
  void throttlingIsRetriedByTheSdk() {
    Ec2Client ec2 = ec2("us-east-1", CENTRAL_CREDENTIALS);
    stub.failNext("GetAllowedImagesSettings", "RequestLimitExceeded", 1);
    assertThat(ec2.getAllowedImagesSettings(r -> { }).state()).isEqualTo("disabled");
    assertThat(stub.requestCount("GetAllowedImagesSettings")).isEqualTo(2);

    stub.failNext("EnableAllowedImagesSettings", "RequestLimitExceeded", 1);
    ec2.enableAllowedImagesSettings(r -> r.allowedImagesSettingsState(AllowedImagesSettingsEnabledState.ENABLED));
    assertThat(stub.requestCount("EnableAllowedImagesSettings")).isEqualTo(2);
    assertThat(stub.writes(CENTRAL, "us-east-1")).hasSize(1);

    // a non-retryable fault reaches the caller as it is, also for proxied operations
    stub.failNext("DescribeRegions", "UnauthorizedOperation", 1);
    assertError(ec2::describeRegions, "UnauthorizedOperation", 403);
    assertThat(ec2.describeRegions().regions()).isNotEmpty();
  }

  @Test
  void stsFaultsUseTheStsErrorFormat() {
    stub.failNext("AssumeRole", "AccessDenied", 1);
    assertThatThrownBy(() -> assumeInto(MEMBER)).isInstanceOfSatisfying(
        software.amazon.awssdk.services.sts.model.StsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          assertThat(e.statusCode()).isEqualTo(403);
        });
    assertThat(stub.assumedRoles()).isEmpty();
    AwsCredentialsProvider member = assumeInto(MEMBER);
    assertThat(stub.accountOf(member.resolveCredentials().accessKeyId())).isEqualTo(MEMBER);
  }

  private static void assertError(Runnable call, String code, int status) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.requestId()).isNotBlank();
    });
  }
}
