package dev.compliantami.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The emulated AWS of the integration tests and the local try: moto on 127.0.0.1 for SNS, SQS,
 * EventBridge (and later EC2, SSM, …) and the WireMock Image Builder stub. Handlers reach it only through
 * the SDK's own endpoint settings: {@link #routeSdkClients()} sets the system-property twins of {@code
 * AWS_ENDPOINT_URL}/{@code AWS_ENDPOINT_URL_IMAGEBUILDER} in this JVM, {@link #endpointEnvironment()}
 * gives the variables for a child process.
 */
public final class LocalAws implements AutoCloseable {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  private final MotoServer moto;
  private final ImageBuilderStub imageBuilder;
  private final StaticCredentialsProvider credentials =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private SnsClient sns;
  private SqsClient sqs;
  private EventBridgeClient events;
  private final Map<Class<?>, SdkClient> extra = new HashMap<>();

  private LocalAws(MotoServer moto, ImageBuilderStub imageBuilder) {
    this.moto = moto;
    this.imageBuilder = imageBuilder;
  }

  /** The JVM's shared moto server and a fresh Image Builder stub. */
  public static LocalAws start() {
    return new LocalAws(MotoServer.shared(), new ImageBuilderStub().start());
  }

  public MotoServer moto() {
    return moto;
  }

  public ImageBuilderStub imageBuilder() {
    return imageBuilder;
  }

  public Map<String, String> endpointEnvironment() {
    return Map.of("AWS_ENDPOINT_URL", moto.endpoint(), "AWS_ENDPOINT_URL_IMAGEBUILDER", imageBuilder.endpoint());
  }

  /** Everything a function needs in its environment to run against this emulated AWS. */
  public Map<String, String> functionEnvironment(String mode, String topicArn, String busName) {
    Map<String, String> env = new HashMap<>(endpointEnvironment());
    env.putAll(Map.of("MODE", mode, "NOTIFY_TOPIC_ARN", topicArn, "EVENT_BUS_NAME", busName, "AWS_REGION", REGION,
        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
    return Map.copyOf(env);
  }

  public void routeSdkClients() {
    System.setProperty("aws.endpointUrl", moto.endpoint());
    System.setProperty("aws.endpointUrlImagebuilder", imageBuilder.endpoint());
  }

  public SnsCapture notifications(String name) {
    return SnsCapture.create(sns(), sqs(), name);
  }

  public EventCapture bus(String name) {
    return EventCapture.create(events(), sqs(), name);
  }

  /** Any SDK client, pointed at moto: {@code aws.client(SsmClient.class, SsmClient::builder)}. */
  public synchronized <C extends SdkClient, B extends AwsClientBuilder<B, C>> C client(Class<C> type, Supplier<B> builder) {
    return type.cast(extra.computeIfAbsent(type, t ->
        builder.get().endpointOverride(URI.create(moto.endpoint())).region(Region.of(REGION)).credentialsProvider(credentials).build()));
  }

  public synchronized SnsClient sns() {
    if (sns == null) {
      sns = SnsClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.of(REGION)).credentialsProvider(credentials).build();
    }
    return sns;
  }

  public synchronized SqsClient sqs() {
    if (sqs == null) {
      sqs = SqsClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.of(REGION)).credentialsProvider(credentials).build();
    }
    return sqs;
  }

  public synchronized EventBridgeClient events() {
    if (events == null) {
      events = EventBridgeClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.of(REGION)).credentialsProvider(credentials).build();
    }
    return events;
  }

  @Override
  public void close() {
    imageBuilder.close();
    extra.values().forEach(SdkClient::close);
    for (AutoCloseable c : new AutoCloseable[] {sns, sqs, events}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing test clients cannot fail the test
        }
      }
    }
  }
}
