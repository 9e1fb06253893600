package dev.compliantami.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one place SDK clients are made: each client is built on first use and then reused, all share one
 * url-connection HTTP client, the region comes from {@code AWS_REGION} (no provider-chain probing at
 * cold start) and retries use the adaptive mode. Endpoints are left to the SDK, which honours {@code
 * AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}.
 *
 * <p>{@link #withCredentials} and {@link #withInterceptors} make another family of clients (e.g. for a member
 * account) that shares this one's HTTP client; such a family is closed by whoever made it, and closing it leaves
 * the shared HTTP client open (the family that made the HTTP client closes it).
 *
 * <p>Timeouts: without them a call whose answer never comes would hold the function until the socket read timeout
 * (30 s per attempt) or the Lambda timeout, and a slow answer would never be retried. Each attempt is abandoned after
 * {@link #API_CALL_ATTEMPT_TIMEOUT} (the SDK then retries it like a 5xx) and a call with all its retries after {@link
 * #API_CALL_TIMEOUT}. 15 s is far above what EC2, SSM, STS, Auto Scaling and Image Builder take for the largest page
 * these functions ask for (1,000 instances), yet three attempts plus back-off still fit well inside every function's
 * timeout. The system properties {@value #ATTEMPT_TIMEOUT_PROPERTY} and {@value #CALL_TIMEOUT_PROPERTY} (ISO-8601
 * durations, e.g. {@code PT1S}) shorten them for fault tests against the emulators.
 */
public final class AwsClients implements AutoCloseable {
  public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);
  public static final String ATTEMPT_TIMEOUT_PROPERTY = "compliantami.apiCallAttemptTimeout";
  public static final String CALL_TIMEOUT_PROPERTY = "compliantami.apiCallTimeout";

  private final Region region;
  /** The family's first region, which holds the other regions; null when this is it. */
  private final AwsClients home;
  private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();
  private final Map<String, AwsClients> otherRegions = new ConcurrentHashMap<>();
  /** The HTTP client this family made and closes; null in families that share another's. */
  private final Lazy<SdkHttpClient> ownHttp;
  private final Supplier<SdkHttpClient> http;
  private final Supplier<AwsCredentialsProvider> credentials;
  private final List<ExecutionInterceptor> interceptors;

  public AwsClients(String region) {
    this.region = Region.of(region);
    this.home = null;
    this.ownHttp = Lazy.of(UrlConnectionHttpClient::create);
    this.http = ownHttp;
    // The default chain: environment variables on Lambda, container credentials on SnapStart (whose
    // snapshot is taken without the role's keys in the environment), a profile on a laptop.
    this.credentials = Lazy.of(() -> DefaultCredentialsProvider.builder().build());
    this.interceptors = List.of();
  }

  private AwsClients(Region region, AwsClients home, Lazy<SdkHttpClient> ownHttp, Supplier<SdkHttpClient> http,
      Supplier<AwsCredentialsProvider> credentials, List<ExecutionInterceptor> interceptors) {
    this.region = region;
    this.home = home;
    this.ownHttp = ownHttp;
    this.http = http;
    this.credentials = credentials;
    this.interceptors = List.copyOf(interceptors);
  }

  /**
   * A new family of clients in this region (and, through {@link #inRegion}, any other) that signs with {@code
   * provider} and runs {@code interceptors} on every call after the SDK's own, sharing this one's HTTP client. The
   * caller closes it (which does not close the shared HTTP client nor {@code provider}).
   */
  public AwsClients withCredentials(AwsCredentialsProvider provider, List<ExecutionInterceptor> interceptors) {
    return new AwsClients(region, null, null, http, () -> provider, interceptors);
  }

  /** Like {@link #withCredentials}, keeping this family's credentials. */
  public AwsClients withInterceptors(List<ExecutionInterceptor> interceptors) {
    return new AwsClients(region, null, null, http, credentials, interceptors);
  }

  /** The credentials every client of this family signs with. */
  public AwsCredentialsProvider credentialsProvider() {
    return credentials.get();
  }

  /** Clients for another region, sharing this one's HTTP client and credentials. */
  public AwsClients inRegion(String otherRegion) {
    if (region.id().equals(otherRegion)) {
      return this;
    }
    AwsClients root = home == null ? this : home;
    return root.otherRegions.computeIfAbsent(otherRegion,
        r -> new AwsClients(Region.of(r), root, null, root.http, root.credentials, root.interceptors));
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
        .credentialsProvider(credentials.get())
        .httpClient(http.get())
        .overrideConfiguration(o -> {
          o.retryStrategy(RetryMode.ADAPTIVE_V2);
          o.apiCallAttemptTimeout(timeout(ATTEMPT_TIMEOUT_PROPERTY, API_CALL_ATTEMPT_TIMEOUT));
          o.apiCallTimeout(timeout(CALL_TIMEOUT_PROPERTY, API_CALL_TIMEOUT));
          interceptors.forEach(o::addExecutionInterceptor);
        });
  }

  private static Duration timeout(String property, Duration otherwise) {
    String configured = System.getProperty(property);
    return configured == null || configured.isBlank() ? otherwise : Duration.parse(configured);
  }

  @Override
  public void close() {
    otherRegions.values().forEach(AwsClients::close);
    clients.values().forEach(SdkClient::close);
    clients.clear();
    if (ownHttp != null && ownHttp.ifMade() != null) {
      ownHttp.ifMade().close();
    }
  }
}
