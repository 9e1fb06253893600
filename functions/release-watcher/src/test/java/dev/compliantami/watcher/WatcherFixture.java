package dev.compliantami.watcher;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.EventCapture;
import dev.compliantami.testing.ImageBuilderStub;
import dev.compliantami.testing.ImageBuilderStub.ComponentSeed;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Emulated AWS for release-watcher: base-image parameters and AMIs in moto (SSM, EC2), the state table in
 * moto DynamoDB, AWS-managed components in the Image Builder stub, topic and bus captures.
 */
final class WatcherFixture implements AutoCloseable {
  final LocalAws aws = LocalAws.start();
  final ImageBuilderStub ib = aws.imageBuilder();
  final SsmClient ssm = aws.client(SsmClient.class, SsmClient::builder);
  final Ec2Client ec2 = aws.client(Ec2Client.class, Ec2Client::builder);
  final DynamoDbClient dynamo = aws.client(DynamoDbClient.class, DynamoDbClient::builder);
  final String prefix = "/t" + UUID.randomUUID().toString().substring(0, 8);
  final String table = "state" + prefix.substring(2);
  final SnsCapture topic = aws.notifications("security");
  final EventCapture bus = aws.bus("suite");
  final String rhelPattern = "RHEL-9.*" + prefix.substring(2) + "*";

  WatcherFixture() {
    aws.routeSdkClients();
    dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    ib.pageSize(2);
    component("stig-build-linux-high", "2023.4.0", "ACTIVE");
    component("stig-build-linux-high", "2023.10.1", "ACTIVE");
    component("stig-build-linux-high", "1.0.12", "ACTIVE");
    component("stig-build-linux-high", "2024.1.0", "DEPRECATED");
    component("scap-compliance-checker-linux", "3.0.0", "ACTIVE");
  }

  void component(String name, String version, String status) {
    ComponentSeed a = ComponentSeed.amazon(name, version);
    ib.addComponent(new ComponentSeed(a.arn(), name, version, "Amazon", "Linux", "BUILD", status, null));
  }

  /** Registers an AMI in moto and returns its id. */
  String image(String name) {
    return ec2.registerImage(r -> r.name(name).architecture("x86_64").rootDeviceName("/dev/xvda")
        .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(8)))).imageId();
  }

  /** Points the base-image parameter {@code prefix/name} at a new AMI and returns the AMI id. */
  String publishBase(String name, String imageName) {
    String ami = image(imageName);
    ssm.putParameter(r -> r.name(prefix + "/" + name).value(ami).type(ParameterType.STRING).overwrite(true));
    return ami;
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(Map.of(
        "MODE", "dry-run",
        "AWS_REGION", LocalAws.REGION,
        "NOTIFY_TOPIC_ARN", topic.topicArn(),
        "EVENT_BUS_NAME", bus.busName(),
        "POWERTOOLS_SERVICE_NAME", "release-watcher",
        "STATE_TABLE", table,
        "WATCHED_BASE_IMAGES", "al2023-x86=ssm:" + prefix + "/al2023-x86,rhel9=owner:" + LocalAws.ACCOUNT + ":" + rhelPattern, // no :architecture — moto's RegisterImage drops it
        "WATCHED_COMPONENTS", "stig-build-linux-high,scap-compliance-checker-linux",
        "DISCOVER_PIPELINE_PARENTS", "false"));
    return env;
  }

  ReleaseWatcherHandler handler(Map<String, String> overrides) {
    Map<String, String> env = env();
    env.putAll(overrides);
    return new ReleaseWatcherHandler(env);
  }

  static WatchResult poll(ReleaseWatcherHandler h, String executionId) {
    return h.handleRequest(Map.of("job", "release-poll", "executionId", executionId, "scheduledTime", "2026-12-01T00:00:00Z"),
        new LocalContext("release-watcher", 180, 1024));
  }

  List<Map<String, AttributeValue>> state() {
    return dynamo.scan(r -> r.tableName(table)).items();
  }

  @Override
  public void close() {
    aws.close();
  }
}
