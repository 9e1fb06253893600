package dev.compliantami.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one place SDK clients are made: each client is built on first use and then reused, all share one
 * url-connection HTTP client, the region comes from {@code AWS_REGION} (no provider-chain probing at
 * cold start) and retries use the adaptive mode. Endpoints are left to the SDK, which honours {@code
 * AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}.
 */
public final class AwsClients implements AutoCloseable {
  private final Region region;
  private final AwsClients home;
  private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();
  private final Map<String, AwsClients> otherRegions = new ConcurrentHashMap<>();
  private final Lazy<SdkHttpClient> http = Lazy.of(UrlConnectionHttpClient::create);
  /** Lambda sets the role's keys as environment variables: read them directly instead of probing the chain. */
  private final Lazy<AwsCredentialsProvider> credentials =
      Lazy.of(() -> System.getenv("AWS_ACCESS_KEY_ID") != null
          ? EnvironmentVariableCredentialsProvider.create()
          : DefaultCredentialsProvider.builder().build());

  public AwsClients(String region) {
    this(Region.of(region), null);
  }

  private AwsClients(Region region, AwsClients home) {
    this.region = region;
    this.home = home;
  }

  /** Clients for another region, sharing this one's HTTP client and credentials. */
  public AwsClients inRegion(String otherRegion) {
    if (region.id().equals(otherRegion)) {
      return this;
    }
    AwsClients root = home == null ? this : home;
    return root.otherRegions.computeIfAbsent(otherRegion, r -> new AwsClients(Region.of(r), root));
  }

  public Region region() {
    return region;
  }

  /**
   * The client of type {@code type}, built by {@code builder} the first time it is asked for.
   *
   * <p>Usage: {@code clients.get(SnsClient.class, SnsClient::builder)}.
   */
  public <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C get(
      Class<C> type, Supplier<B> builder) {
    return type.cast(clients.computeIfAbsent(type, t -> configure(builder.get()).build()));
  }

  private <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> B configure(B builder) {
    return builder
        .region(region)
        .credentialsProvider(credentials())
        .httpClient(http())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.ADAPTIVE_V2));
  }

  private SdkHttpClient http() {
    return home != null ? home.http() : http.get();
  }

  private AwsCredentialsProvider credentials() {
    return home != null ? home.credentials() : credentials.get();
  }

  @Override
  public void close() {
    otherRegions.values().forEach(AwsClients::close);
    clients.values().forEach(SdkClient::close);
    clients.clear();
    if (http.ifMade() != null) {
      http.ifMade().close();
    }
  }
}
