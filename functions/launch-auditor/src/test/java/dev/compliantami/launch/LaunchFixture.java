package dev.compliantami.launch;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.Ec2AllowedImagesStub;
import dev.compliantami.testing.EventCapture;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * moto (EC2 instances, Auto Scaling, SSM, STS, SNS, EventBridge) behind the Allowed-AMIs EC2 stub, which serves
 * DescribeInstanceImageMetadata from images seeded here for the instances launched in moto (moto lacks that call).
 */
final class LaunchFixture implements AutoCloseable {
  static final String CENTRAL = "123456789012";
  static final String M1 = "111111111111";
  static final String M2 = "222222222222";
  static final String REGION = "us-east-1";
  static final Instant NOW = Instant.now();

  final LocalAws aws;
  final Ec2AllowedImagesStub ec2;
  final SnsCapture topic;
  final EventCapture bus;
  private final Map<String, AwsCredentialsProvider> credentials = new HashMap<>();

  LaunchFixture() {
    aws = LocalAws.start();
    aws.moto().reset();
    aws.routeSdkClients();
    ec2 = Ec2AllowedImagesStub.start(aws.moto()).routeSdkClients();
    topic = aws.notifications("security");
    bus = aws.bus("suite");
  }

  LaunchAuditorHandler handler(String mode, String action, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(Map.of(
        "MODE", mode, "AWS_REGION", REGION, "NOTIFY_TOPIC_ARN", topic.topicArn(), "EVENT_BUS_NAME", bus.busName(),
        "POWERTOOLS_SERVICE_NAME", "launch-auditor", "FACTORY_ACCOUNT_ID", CENTRAL, "LAUNCH_AUDITOR_ACTION", action,
        "BOUNDARY_ACCOUNT_IDS", CENTRAL + "," + M1 + "," + M2, "FLEET_REQUESTS_PER_SECOND", "100"));
    env.putAll(overrides);
    return new LaunchAuditorHandler(env);
  }

  static LaunchAuditResult invoke(LaunchAuditorHandler h, Map<String, Object> event) {
    return h.handleRequest(event, new LocalContext("launch-auditor", 900, 1024));
  }

  AwsCredentialsProvider creds(String account) {
    if (account.equals(CENTRAL)) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }
    return credentials.computeIfAbsent(account, a -> {
      try (StsClient sts = StsClient.builder().endpointOverride(URI.create(ec2.endpoint())).region(Region.of(REGION))
          .credentialsProvider(creds(CENTRAL)).build()) {
        Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + a + ":role/compliant-ami-member").roleSessionName("fixture")).credentials();
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
      }
    });
  }

  Ec2Client ec2(String account) {
    return Ec2Client.builder().endpointOverride(URI.create(aws.moto().endpoint())).region(Region.of(REGION)).credentialsProvider(creds(account)).build();
  }

  SsmClient ssm(String account) {
    return SsmClient.builder().endpointOverride(URI.create(aws.moto().endpoint())).region(Region.of(REGION)).credentialsProvider(creds(account)).build();
  }

  AutoScalingClient autoscaling(String account) {
    return AutoScalingClient.builder().endpointOverride(URI.create(aws.moto().endpoint())).region(Region.of(REGION)).credentialsProvider(creds(account)).build();
  }

  /** An image as DescribeInstanceImageMetadata reports it. */
  static Ec2AllowedImagesStub.Image image(String id, String owner, int ageDays) {
    return Ec2AllowedImagesStub.Image.of(id, "img-" + id, owner, NOW.minusSeconds(ageDays * 86400L));
  }

  /** Runs an instance in moto from {@code image} with {@code tags}, and seeds its image metadata in the stub. */
  String launch(String account, Ec2AllowedImagesStub.Image image, Map<String, String> tags, boolean terminationProtected, boolean stopProtected) {
    try (Ec2Client c = ec2(account)) {
      List<Tag> t = new ArrayList<>();
      tags.forEach((k, v) -> t.add(Tag.builder().key(k).value(v).build()));
      String id = c.runInstances(r -> {
        r.imageId(image.imageId()).minCount(1).maxCount(1).instanceType("t3.micro")
            .disableApiTermination(terminationProtected).disableApiStop(stopProtected);
        if (!t.isEmpty()) {
          r.tagSpecifications(s -> s.resourceType("instance").tags(t));
        }
      }).instances().get(0).instanceId();
      if (terminationProtected) { // moto's RunInstances ignores DisableApiTermination
        c.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(b -> b.value(true)));
      }
      seed(account, id, image);
      return id;
    }
  }

  void seed(String account, String instanceId, Ec2AllowedImagesStub.Image image) {
    ec2.addInstance(account, REGION, Ec2AllowedImagesStub.Instance.running(instanceId, image));
  }

  String state(String account, String instanceId) {
    try (Ec2Client c = ec2(account)) {
      return c.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).state().nameAsString();
    }
  }

  Map<String, String> tags(String account, String instanceId) {
    try (Ec2Client c = ec2(account)) {
      Map<String, String> out = new HashMap<>();
      c.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).tags().forEach(t -> out.put(t.key(), t.value()));
      return out;
    }
  }

  /** An SQS batch of state-change events, one message each: {account, instanceId, state}. */
  static Map<String, Object> batch(List<String[]> launches) {
    List<Object> records = new ArrayList<>();
    for (String[] l : launches) {
      records.add(record("msg-" + l[1] + "-" + l[2], stateChange(l[0], l[1], l[2])));
    }
    return Map.of("Records", records);
  }

  static Map<String, Object> record(String messageId, String body) {
    return Map.of("messageId", messageId, "receiptHandle", "rh-" + messageId, "body", body, "attributes", Map.of("ApproximateReceiveCount", "1"),
        "messageAttributes", Map.of(), "md5OfBody", "x", "eventSource", "aws:sqs",
        "eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:compliant-ami-launches", "awsRegion", REGION);
  }

  static String stateChange(String account, String instanceId, String state) {
    return """
        {"version":"0","id":"%s","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"%s",\
        "time":"2026-12-03T10:00:00Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:%s:instance/%s"],\
        "detail":{"instance-id":"%s","state":"%s"}}""".formatted(UUID.randomUUID(), account, account, instanceId, instanceId, state);
  }

  @Override
  public void close() {
    ec2.close();
    aws.close();
  }
}
