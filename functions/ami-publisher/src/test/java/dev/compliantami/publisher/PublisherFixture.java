package dev.compliantami.publisher;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.EventCapture;
import dev.compliantami.testing.ImageBuilderStub;
import dev.compliantami.testing.ImageBuilderStub.AmiSeed;
import dev.compliantami.testing.ImageBuilderStub.ImageSeed;
import dev.compliantami.testing.ImageBuilderStub.PipelineSeed;
import dev.compliantami.testing.ImageBuilderStub.RecipeSeed;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A factory account (moto's 123456789012) with a managed pipeline's image built in two regions, two
 * member accounts, EC2 and STS behind {@link MotoProxy}, the topic and the bus.
 */
final class PublisherFixture implements AutoCloseable {
  static final String ORG_ARN = "arn:aws:organizations::123456789012:organization/o-abcdefghij";
  static final String MEMBER_1 = "111111111111";
  static final String MEMBER_2 = "222222222222";

  final LocalAws aws = LocalAws.start();
  final MotoProxy proxy;
  final ImageBuilderStub ib = aws.imageBuilder();
  final SnsCapture topic = aws.notifications("security");
  final EventCapture bus = aws.bus("suite");
  final String suffix = UUID.randomUUID().toString().substring(0, 6);
  /** unique per test: moto keeps the latest-AMI parameters of earlier tests */
  final String baseline = "al2023-stig-high-" + suffix;
  final String pipeline = ImageBuilderStub.pipelineArn("al2023-stig-high-" + suffix);
  final String imageArn = ImageBuilderStub.imageArn("al2023-stig-high-" + suffix, "1.0.0", 7);
  final String amiEast;
  final String amiWest;
  final RecipeSeed recipe;

  PublisherFixture() {
    aws.routeSdkClients();
    proxy = new MotoProxy(aws.moto().endpoint());
    amiEast = registerAmi("us-east-1", "al2023-stig-high-" + suffix + "-east");
    amiWest = registerAmi("us-west-2", "al2023-stig-high-" + suffix + "-west");
    String recipeArn = ImageBuilderStub.recipeArn("al2023-stig-high-" + suffix, "1.0.0");
    RecipeSeed recipeSeed = RecipeSeed.of(recipeArn, "al2023-stig-high", "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        List.of("arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux-high/2025.4.0/1"), Map.of());
    ib.addRecipe(recipeSeed);
    recipe = recipeSeed;
    ib.addPipeline(new PipelineSeed(pipeline, null, "ENABLED", Map.of("compliant-ami:managed", "true", "compliant-ami:baseline", baseline), recipeArn, null));
    ib.addImage(ImageSeed.available(imageArn, pipeline, recipeSeed, AmiSeed.of("us-east-1", amiEast), AmiSeed.of("us-west-2", amiWest))
        .withDateCreated("2026-12-03T09:10:00.000Z"));
  }

  Ec2Client ec2(String region) {
    return Ec2Client.builder().endpointOverride(URI.create(aws.moto().endpoint())).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
  }

  String registerAmi(String region, String name) {
    try (Ec2Client ec2 = ec2(region)) {
      return ec2.registerImage(r -> r.name(name).rootDeviceName("/dev/xvda")
          .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(8)))).imageId();
    }
  }

  List<LaunchPermission> launchPermissions(String region, String ami) {
    try (Ec2Client ec2 = ec2(region)) {
      return ec2.describeImageAttribute(r -> r.imageId(ami).attribute("launchPermission")).launchPermissions();
    }
  }

  Map<String, String> tags(String region, String ami) {
    try (Ec2Client ec2 = ec2(region)) {
      Map<String, String> tags = new HashMap<>();
      ec2.describeImages(r -> r.imageIds(ami)).images().get(0).tags().forEach(t -> tags.put(t.key(), t.value()));
      return tags;
    }
  }

  /** The latest-AMI parameter as the member account sees it (null when absent). */
  String latest(String account, String region) {
    Credentials c;
    try (StsClient sts = StsClient.builder().endpointOverride(URI.create(aws.moto().endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
      c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/reader").roleSessionName("test")).credentials();
    }
    try (SsmClient ssm = SsmClient.builder().endpointOverride(URI.create(aws.moto().endpoint())).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()))).build()) {
      return ssm.getParameter(r -> r.name(RollForward.PREFIX + baseline)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return null;
    }
  }

  AmiPublisherHandler handler(String mode, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(Map.of(
        "MODE", mode,
        "AWS_REGION", LocalAws.REGION,
        "NOTIFY_TOPIC_ARN", topic.topicArn(),
        "EVENT_BUS_NAME", bus.busName(),
        "POWERTOOLS_SERVICE_NAME", "ami-publisher",
        "ORGANIZATION_ARN", ORG_ARN,
        "BOUNDARY_ACCOUNT_IDS", LocalAws.ACCOUNT + "," + MEMBER_1 + "," + MEMBER_2,
        "BOUNDARY_REGIONS", "us-east-1,us-west-2",
        "FLEET_REQUESTS_PER_SECOND", "100"));
    env.putAll(overrides);
    return new AmiPublisherHandler(env);
  }

  Map<String, Object> event(String status) {
    return Map.of("version", "0", "id", "evt-" + suffix, "detail-type", "EC2 Image Builder Image State Change", "source", "aws.imagebuilder",
        "account", LocalAws.ACCOUNT, "time", "2026-12-03T09:14:00Z", "region", "us-east-1", "resources", List.of(imageArn),
        "detail", Map.of("previous-state", Map.of("status", "TESTING"), "state", Map.of("status", status)));
  }

  static PublishResult invoke(AmiPublisherHandler h, Map<String, Object> event) {
    return h.handleRequest(event, new LocalContext("ami-publisher", 300, 1024));
  }

  @Override
  public void close() {
    proxy.close();
    aws.close();
  }
}
