package dev.compliantami.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WireMock in front of moto for EC2 and STS that serves, statefully per account and Region and in EC2's real Query/XML
 * wire format, the Allowed-AMIs operations moto lacks: {@code GetAllowedImagesSettings},
 * {@code EnableAllowedImagesSettings}, {@code DisableAllowedImagesSettings},
 * {@code ReplaceImageCriteriaInAllowedImagesSettings} and {@code DescribeInstanceImageMetadata}. Everything else is
 * proxied to moto unchanged.
 *
 * <p>Account: from the SigV4 credential's access key id. {@link #CENTRAL_ACCESS_KEY} (and any key not otherwise known,
 * as moto does) is {@link #CENTRAL_ACCOUNT}; every STS {@code AssumeRole} answered through this server records the
 * returned {@code AccessKeyId} against the account in the request's {@code RoleArn}. Region: from the credential scope.
 *
 * <p>Wire names (request members, response elements) were taken from the {@code sdkFields()} of the SDK 2.40.2 model
 * classes, see {@code AllowedImagesStubTest}.
 */
public final class Ec2AllowedImagesStub implements AutoCloseable {
  public static final String CENTRAL_ACCOUNT = "123456789012";
  public static final String CENTRAL_ACCESS_KEY = "testing";
  public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
  /** The error code of a write refused because a declarative policy manages the setting (see {@link #managedByDeclarativePolicy}). */
  public static final String DECLARATIVE_POLICY_ERROR = "OperationNotPermitted";

  /** Deprecation times accepted by {@code EnableImageDeprecation} (moto 5.2.5 lacks it): image id → time. */
  private final Map<String, String> deprecations = new ConcurrentHashMap<>();

  static final Set<String> HANDLED = Set.of("EnableImageDeprecation", "GetAllowedImagesSettings", "EnableAllowedImagesSettings",
      "DisableAllowedImagesSettings", "ReplaceImageCriteriaInAllowedImagesSettings", "DescribeInstanceImageMetadata");
  static final Set<String> WRITES = Set.of("EnableAllowedImagesSettings", "DisableAllowedImagesSettings",
      "ReplaceImageCriteriaInAllowedImagesSettings");

  private static final Pattern ROLE_ARN_ACCOUNT = Pattern.compile("^arn:[^:]+:iam::(\\d{12}):role/.+");
  private static final Pattern ASSUMED_KEY = Pattern.compile("<AccessKeyId>\\s*([^<\\s]+)\\s*</AccessKeyId>");
  private static final Pattern IMAGE_NAME_CHARS = Pattern.compile("[A-Za-z0-9()\\[\\]./\\-'@_*? ]+");
  private static final Pattern PRODUCT_CODE = Pattern.compile("[A-Za-z0-9]{1,25}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Set<String> PROVIDER_ALIASES = Set.of("amazon", "aws-marketplace", "aws-backup-vault", "none");

  // ---------------------------------------------------------------------------------------------------------------
  // public model

  /** One criterion, as {@code ImageCriterion}/{@code ImageCriterionRequest}; empty lists and null conditions are absent. */
  public record Criterion(List<String> imageProviders, List<String> imageNames, List<String> marketplaceProductCodes,
      Integer maximumDaysSinceCreated, Integer maximumDaysSinceDeprecated) {
    public Criterion {
      imageProviders = imageProviders == null ? List.of() : List.copyOf(imageProviders);
      imageNames = imageNames == null ? List.of() : List.copyOf(imageNames);
      marketplaceProductCodes = marketplaceProductCodes == null ? List.of() : List.copyOf(marketplaceProductCodes);
    }

    public static Criterion providers(String... providers) {
      return new Criterion(List.of(providers), List.of(), List.of(), null, null);
    }

    public Criterion withImageNames(String... names) {
      return new Criterion(imageProviders, List.of(names), marketplaceProductCodes, maximumDaysSinceCreated,
          maximumDaysSinceDeprecated);
    }

    public Criterion withMarketplaceProductCodes(String... codes) {
      return new Criterion(imageProviders, imageNames, List.of(codes), maximumDaysSinceCreated,
          maximumDaysSinceDeprecated);
    }

    public Criterion withMaximumDaysSinceCreated(Integer days) {
      return new Criterion(imageProviders, imageNames, marketplaceProductCodes, days, maximumDaysSinceDeprecated);
    }

    public Criterion withMaximumDaysSinceDeprecated(Integer days) {
      return new Criterion(imageProviders, imageNames, marketplaceProductCodes, maximumDaysSinceCreated, days);
    }
  }

  /** The Allowed-AMIs settings of one account and Region: live and mutable, seeded or changed by the API. */
  public static final class Settings {
    private String state = "disabled";
    private List<Criterion> criteria = List.of();
    private String managedBy = "account";

    public synchronized String state() {
      return state;
    }

    /** {@code disabled}, {@code audit-mode} or {@code enabled}. */
    public synchronized Settings state(String state) {
      this.state = Objects.requireNonNull(state);
      return this;
    }

    public synchronized List<Criterion> criteria() {
      return criteria;
    }

    public synchronized Settings criteria(List<Criterion> criteria) {
      this.criteria = List.copyOf(criteria);
      return this;
    }

    public synchronized Settings criteria(Criterion... criteria) {
      return criteria(List.of(criteria));
    }

    /** {@code account} or {@code declarative-policy}; with the latter every write is refused. */
    public synchronized String managedBy() {
      return managedBy;
    }

    public synchronized Settings managedBy(String managedBy) {
      this.managedBy = Objects.requireNonNull(managedBy);
      return this;
    }

    synchronized Snapshot snapshot() {
      return new Snapshot(state, criteria, managedBy);
    }
  }

  record Snapshot(String state, List<Criterion> criteria, String managedBy) {
  }

  /** {@code ImageMetadata} of an instance; {@code imageAllowed} null means: computed from the current criteria. */
  public record Image(String imageId, String name, String ownerId, String state, String imageOwnerAlias,
      Instant creationDate, Instant deprecationTime, Boolean isPublic, Boolean imageAllowed) {
    /** An available, private image without deprecation, its {@code imageAllowed} computed. */
    public static Image of(String imageId, String name, String ownerId, Instant creationDate) {
      return new Image(imageId, name, ownerId, "available", null, creationDate, null, false, null);
    }

    public Image withAlias(String alias) {
      return new Image(imageId, name, ownerId, state, alias, creationDate, deprecationTime, isPublic, imageAllowed);
    }

    public Image withDeprecationTime(Instant time) {
      return new Image(imageId, name, ownerId, state, imageOwnerAlias, creationDate, time, isPublic, imageAllowed);
    }

    public Image withState(String imageState) {
      return new Image(imageId, name, ownerId, imageState, imageOwnerAlias, creationDate, deprecationTime, isPublic,
          imageAllowed);
    }

    public Image withPublic(boolean pub) {
      return new Image(imageId, name, ownerId, state, imageOwnerAlias, creationDate, deprecationTime, pub, imageAllowed);
    }

    /** Overrides the computed {@code imageAllowed}. */
    public Image withImageAllowed(Boolean allowed) {
      return new Image(imageId, name, ownerId, state, imageOwnerAlias, creationDate, deprecationTime, isPublic, allowed);
    }
  }

  /** One {@code InstanceImageMetadata} record. {@code ownerId} null means: the account it is seeded in. */
  public record Instance(String instanceId, String instanceType, Instant launchTime, String availabilityZone,
      String zoneId, String stateName, String ownerId, Map<String, String> tags, Image image) {
    public Instance {
      tags = tags == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(tags));
    }

    /** A running {@code t3.micro} in {@code <region>a}, launched an hour ago. */
    public static Instance running(String instanceId, Image image) {
      return new Instance(instanceId, "t3.micro", Instant.now().minus(Duration.ofHours(1)), null, null, "running", null,
          Map.of(), image);
    }

    public Instance withState(String name) {
      return new Instance(instanceId, instanceType, launchTime, availabilityZone, zoneId, name, ownerId, tags, image);
    }

    public Instance withTags(Map<String, String> newTags) {
      return new Instance(instanceId, instanceType, launchTime, availabilityZone, zoneId, stateName, ownerId, newTags,
          image);
    }

    public Instance withAvailabilityZone(String az) {
      return new Instance(instanceId, instanceType, launchTime, az, zoneId, stateName, ownerId, tags, image);
    }

    public Instance withInstanceType(String type) {
      return new Instance(instanceId, type, launchTime, availabilityZone, zoneId, stateName, ownerId, tags, image);
    }

    public Instance withLaunchTime(Instant time) {
      return new Instance(instanceId, instanceType, time, availabilityZone, zoneId, stateName, ownerId, tags, image);
    }
  }

  /** One write request received, refused or not: its action, decoded form parameters and error code (null if it succeeded). */
  public record Write(String action, Map<String, String> parameters, String errorCode, Instant at) {
    public boolean succeeded() {
      return errorCode == null;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // state

  private record Key(String account, String region) {
  }

  private record Fault(String errorCode, int status, String message) {
  }

  private final Map<Key, Settings> settings = new ConcurrentHashMap<>();
  private final Map<Key, List<Instance>> instances = new ConcurrentHashMap<>();
  private final Map<Key, List<Write>> writes = new ConcurrentHashMap<>();
  private final Map<String, String> accountsByAccessKey = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final List<String> assumedRoles = new CopyOnWriteArrayList<>();
  private volatile Supplier<Instant> clock = Instant::now;
  private final WireMockServer server;

  /** Starts the stub in front of the moto server at {@code motoEndpoint}. */
  public Ec2AllowedImagesStub(String motoEndpoint) {
    accountsByAccessKey.put(CENTRAL_ACCESS_KEY, CENTRAL_ACCOUNT);
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
        .extensions(new Ec2Handler(), new AssumeRoleRecorder()));
    server.start();
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(motoEndpoint)));
  }

  public static Ec2AllowedImagesStub start(MotoServer moto) {
    return new Ec2AllowedImagesStub(moto.endpoint());
  }

  public String endpoint() {
    return server.baseUrl();
  }

  /** Points the SDK's EC2 and STS clients of this JVM here ({@code aws.endpointUrlEc2}, {@code aws.endpointUrlSts}). */
  public Ec2AllowedImagesStub routeSdkClients() {
    System.setProperty("aws.endpointUrlEc2", endpoint());
    System.setProperty("aws.endpointUrlSts", endpoint());
    return this;
  }

  /** The settings of {@code account} in {@code region}, created as {@code disabled}/no criteria/{@code account}. */
  public Settings settings(String account, String region) {
    return settings.computeIfAbsent(new Key(account, region), k -> new Settings());
  }

  /** Marks the settings as governed by an EC2 declarative policy: {@code ManagedBy=declarative-policy}, writes refused. */
  public Settings managedByDeclarativePolicy(String account, String region) {
    return settings(account, region).managedBy("declarative-policy");
  }

  /** Seeds an instance; returns it as stored (owner and availability zone filled in). */
  public Instance addInstance(String account, String region, Instance instance) {
    Instance stored = new Instance(instance.instanceId(), instance.instanceType(), instance.launchTime(),
        instance.availabilityZone() == null ? region + "a" : instance.availabilityZone(), instance.zoneId(),
        instance.stateName(), instance.ownerId() == null ? account : instance.ownerId(), instance.tags(),
        instance.image());
    instances.computeIfAbsent(new Key(account, region), k -> new CopyOnWriteArrayList<>()).add(stored);
    return stored;
  }

  /** The write requests received for {@code account} in {@code region}, in order. */
  public List<Write> writes(String account, String region) {
    return List.copyOf(writes.getOrDefault(new Key(account, region), List.of()));
  }

  /** Maps an access key id to an account (AssumeRole responses through this server do it by themselves). */
  public void mapAccessKey(String accessKeyId, String account) {
    accountsByAccessKey.put(accessKeyId, account);
  }

  /** The account an access key id stands for; unknown keys are {@link #CENTRAL_ACCOUNT}, as in moto. */
  public String accountOf(String accessKeyId) {
    return accountsByAccessKey.getOrDefault(accessKeyId, CENTRAL_ACCOUNT);
  }

  /** The RoleArns of the AssumeRole calls recorded, in order. */
  public List<String> assumedRoles() {
    return List.copyOf(assumedRoles);
  }

  /**
   * The next {@code times} requests with {@code Action=action} (any account, EC2 or STS) fail with {@code errorCode}
   * and the status AWS uses for it ({@code RequestLimitExceeded} 503, {@code Unavailable} 503, {@code InternalError} 500,
   * {@code UnauthorizedOperation} 403, {@code AuthFailure} 401, otherwise 400).
   */
  public void failNext(String action, String errorCode, int times) {
    failNext(action, errorCode, statusOf(errorCode), times);
  }

  public void failNext(String action, String errorCode, int status, int times) {
    Deque<Fault> queue = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < times; i++) {
        queue.add(new Fault(errorCode, status, "Injected " + errorCode + " for " + action + "."));
      }
    }
  }

  /** How many requests with {@code Action=action} this server received (handled, faulted or proxied). */
  public int requestCount(String action) {
    return (int) server.getAllServeEvents().stream()
        .filter(e -> action.equals(AwsWire.queryParameters(e.getRequest()).get("Action"))).count();
  }

  /** The clock used for {@code imageAllowed} date conditions (default: now). */
  public void clock(Supplier<Instant> now) {
    this.clock = Objects.requireNonNull(now);
  }

  /** Everything forgotten except the access-key map. */
  public void reset() {
    settings.clear();
    instances.clear();
    writes.clear();
    faults.clear();
    assumedRoles.clear();
  }

  @Override
  public void close() {
    if (endpoint().equals(System.getProperty("aws.endpointUrlEc2"))) {
      System.clearProperty("aws.endpointUrlEc2");
    }
    if (endpoint().equals(System.getProperty("aws.endpointUrlSts"))) {
      System.clearProperty("aws.endpointUrlSts");
    }
    server.stop();
  }

  private static int statusOf(String errorCode) {
    return switch (errorCode) {
      case "RequestLimitExceeded", "Unavailable", "ServiceUnavailable", "Throttling" -> 503;
      case "InternalError" -> 500;
      case "UnauthorizedOperation", "AccessDenied" -> 403;
      case "AuthFailure" -> 401;
      default -> 400;
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // wire

  /** Thrown by a handler to answer with an EC2 error. */
  static final class Ec2Error extends RuntimeException {
    final String code;
    final int status;

    Ec2Error(int status, String code, String message) {
      super(message);
      this.code = code;
      this.status = status;
    }
  }

  private final class Ec2Handler implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return "ec2-allowed-images";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      Request request = serveEvent.getRequest();
      Map<String, String> params = AwsWire.queryParameters(request);
      String action = params.get("Action");
      if (action == null) {
        return serveEvent.getResponseDefinition();
      }
      AwsWire.Scope scope = AwsWire.scope(request);
      String service = scope == null ? "ec2" : scope.service();
      Fault fault = nextFault(action);
      if (fault != null) {
        return "sts".equals(service) ? stsError(fault) : error(fault.status(), fault.errorCode(), fault.message());
      }
      if (!"ec2".equals(service) || !HANDLED.contains(action)) {
        return serveEvent.getResponseDefinition();
      }
      String account = scope == null ? CENTRAL_ACCOUNT : accountOf(scope.accessKeyId());
      String region = scope == null ? "us-east-1" : scope.region();
      Key key = new Key(account, region);
      try {
        if ("true".equalsIgnoreCase(params.get("DryRun"))) {
          throw new Ec2Error(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        }
        String body = switch (action) {
          case "GetAllowedImagesSettings" -> getSettings(key);
          case "EnableAllowedImagesSettings" -> enable(key, params);
          case "DisableAllowedImagesSettings" -> disable(key);
          case "EnableImageDeprecation" -> deprecate(params);
          case "ReplaceImageCriteriaInAllowedImagesSettings" -> replace(key, params);
          case "DescribeInstanceImageMetadata" -> describe(key, params);
          default -> throw new IllegalStateException(action);
        };
        logWrite(key, action, params, null);
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
            .withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body).build();
      } catch (Ec2Error e) {
        logWrite(key, action, params, e.code);
        return error(e.status, e.code, e.getMessage());
      }
    }
  }

  /** Records the account of every AssumeRole answered through this server. */
  private final class AssumeRoleRecorder implements ResponseTransformerV2 {
    @Override
    public String getName() {
      return "sts-assume-role-recorder";
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
      Map<String, String> params = AwsWire.queryParameters(serveEvent.getRequest());
      if ("AssumeRole".equals(params.get("Action")) && response.getStatus() == 200) {
        String roleArn = params.getOrDefault("RoleArn", "");
        Matcher account = ROLE_ARN_ACCOUNT.matcher(roleArn);
        Matcher key = ASSUMED_KEY.matcher(response.getBodyAsString());
        if (account.matches() && key.find()) {
          accountsByAccessKey.put(key.group(1), account.group(1));
          assumedRoles.add(roleArn);
        }
      }
      return response;
    }
  }

  private void logWrite(Key key, String action, Map<String, String> params, String errorCode) {
    if (WRITES.contains(action)) {
      writes.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
          .add(new Write(action, Map.copyOf(params), errorCode, clock.get()));
    }
  }

  private Fault nextFault(String action) {
    Deque<Fault> queue = faults.get(action);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.poll();
    }
  }

  private static ResponseDefinition error(int status, String code, String message) {
    return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
        .withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + xml(code)
            + "</Code><Message>" + xml(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID()
            + "</RequestID></Response>")
        .build();
  }

  private static ResponseDefinition stsError(Fault fault) {
    return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(fault.status())
        .withHeader("Content-Type", "text/xml")
        .withBody("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>"
            + (fault.status() >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + xml(fault.errorCode())
            + "</Code><Message>" + xml(fault.message()) + "</Message></Error><RequestId>" + UUID.randomUUID()
            + "</RequestId></ErrorResponse>")
        .build();
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }

  private static String open(String action) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + NAMESPACE
        + "\">\n  <requestId>" + UUID.randomUUID() + "</requestId>\n";
  }

  private static String close(String action) {
    return "</" + action + "Response>";
  }

  private static void element(StringBuilder out, String name, Object value) {
    if (value != null) {
      out.append('<').append(name).append('>').append(xml(value.toString())).append("</").append(name).append('>');
    }
  }

  private static void items(StringBuilder out, String name, List<String> values) {
    if (!values.isEmpty()) {
      out.append('<').append(name).append('>');
      values.forEach(v -> element(out, "item", v));
      out.append("</").append(name).append('>');
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // operations

  private String getSettings(Key key) {
    Snapshot s = settings(key.account(), key.region()).snapshot();
    StringBuilder out = new StringBuilder(open("GetAllowedImagesSettings"));
    element(out, "state", s.state());
    out.append("<imageCriterionSet>");
    for (Criterion c : s.criteria()) {
      out.append("<item>");
      items(out, "imageProviderSet", c.imageProviders());
      items(out, "marketplaceProductCodeSet", c.marketplaceProductCodes());
      items(out, "imageNameSet", c.imageNames());
      if (c.maximumDaysSinceDeprecated() != null) {
        out.append("<deprecationTimeCondition>");
        element(out, "maximumDaysSinceDeprecated", c.maximumDaysSinceDeprecated());
        out.append("</deprecationTimeCondition>");
      }
      if (c.maximumDaysSinceCreated() != null) {
        out.append("<creationDateCondition>");
        element(out, "maximumDaysSinceCreated", c.maximumDaysSinceCreated());
        out.append("</creationDateCondition>");
      }
      out.append("</item>");
    }
    out.append("</imageCriterionSet>");
    element(out, "managedBy", s.managedBy());
    return out.append('\n').append(close("GetAllowedImagesSettings")).toString();
  }

  private void refuseIfPolicyManaged(Settings s, Key key) {
    if ("declarative-policy".equals(s.managedBy())) {
      throw new Ec2Error(400, DECLARATIVE_POLICY_ERROR, "The Allowed AMIs settings of account " + key.account()
          + " in " + key.region() + " are managed by a declarative policy and cannot be modified by the account.");
    }
  }

  private String enable(Key key, Map<String, String> params) {
    String state = params.get("AllowedImagesSettingsState");
    if (state == null) {
      throw new Ec2Error(400, "MissingParameter",
          "The request must contain the parameter AllowedImagesSettingsState.");
    }
    if (!state.equals("enabled") && !state.equals("audit-mode")) {
      throw new Ec2Error(400, "InvalidParameterValue", "Value (" + state
          + ") for parameter AllowedImagesSettingsState is invalid. Valid values are: enabled, audit-mode.");
    }
    Settings s = settings(key.account(), key.region());
    synchronized (s) {
      refuseIfPolicyManaged(s, key);
      s.state(state);
    }
    return open("EnableAllowedImagesSettings") + "  <allowedImagesSettingsState>" + state
        + "</allowedImagesSettingsState>\n" + close("EnableAllowedImagesSettings");
  }

  /** Accepts and records a deprecation (DescribeImages, served by moto, does not show it). */
  private String deprecate(Map<String, String> params) {
    deprecations.put(params.get("ImageId"), params.get("DeprecateAt"));
    return open("EnableImageDeprecation") + "  <return>true</return>\n" + close("EnableImageDeprecation");
  }

  /** The deprecations {@code EnableImageDeprecation} accepted: image id → DeprecateAt as sent. */
  public Map<String, String> deprecations() {
    return Map.copyOf(deprecations);
  }

  private String disable(Key key) {
    Settings s = settings(key.account(), key.region());
    synchronized (s) {
      refuseIfPolicyManaged(s, key);
      s.state("disabled");
    }
    return open("DisableAllowedImagesSettings")
        + "  <allowedImagesSettingsState>disabled</allowedImagesSettingsState>\n"
        + close("DisableAllowedImagesSettings");
  }

  private String replace(Key key, Map<String, String> params) {
    List<Criterion> criteria = parseCriteria(params);
    validate(criteria);
    Settings s = settings(key.account(), key.region());
    synchronized (s) {
      refuseIfPolicyManaged(s, key);
      s.criteria(criteria);
    }
    return open("ReplaceImageCriteriaInAllowedImagesSettings") + "  <return>true</return>\n"
        + close("ReplaceImageCriteriaInAllowedImagesSettings");
  }

  /** {@code ImageCriterion.N.ImageProvider.M}, {@code .ImageName.M}, {@code .MarketplaceProductCode.M}, conditions. */
  static List<Criterion> parseCriteria(Map<String, String> params) {
    Map<Integer, Map<String, TreeMap<Integer, String>>> lists = new TreeMap<>();
    Map<Integer, Integer[]> conditions = new TreeMap<>();
    Pattern listMember = Pattern.compile("ImageCriterion\\.(\\d+)\\.(ImageProvider|ImageName|MarketplaceProductCode)\\.(\\d+)");
    Pattern condition = Pattern.compile(
        "ImageCriterion\\.(\\d+)\\.(CreationDateCondition\\.MaximumDaysSinceCreated|DeprecationTimeCondition\\.MaximumDaysSinceDeprecated)");
    for (Map.Entry<String, String> e : params.entrySet()) {
      Matcher m = listMember.matcher(e.getKey());
      if (m.matches()) {
        int n = Integer.parseInt(m.group(1));
        lists.computeIfAbsent(n, i -> new TreeMap<>()).computeIfAbsent(m.group(2), i -> new TreeMap<>())
            .put(Integer.parseInt(m.group(3)), e.getValue());
        conditions.computeIfAbsent(n, i -> new Integer[2]);
        continue;
      }
      Matcher c = condition.matcher(e.getKey());
      if (c.matches()) {
        int n = Integer.parseInt(c.group(1));
        lists.computeIfAbsent(n, i -> new TreeMap<>());
        Integer days;
        try {
          days = Integer.valueOf(e.getValue());
        } catch (NumberFormatException bad) {
          throw new Ec2Error(400, "InvalidParameterValue",
              "Value (" + e.getValue() + ") for parameter " + e.getKey() + " is invalid. Expected an integer.");
        }
        conditions.computeIfAbsent(n, i -> new Integer[2])[c.group(2).startsWith("Creation") ? 0 : 1] = days;
      } else if (e.getKey().startsWith("ImageCriterion.")) {
        throw new Ec2Error(400, "UnknownParameter", "The parameter " + e.getKey() + " is not recognized.");
      }
    }
    List<Criterion> out = new ArrayList<>();
    for (Integer n : lists.keySet()) {
      Map<String, TreeMap<Integer, String>> l = lists.get(n);
      Integer[] cond = conditions.getOrDefault(n, new Integer[2]);
      out.add(new Criterion(values(l, "ImageProvider"), values(l, "ImageName"), values(l, "MarketplaceProductCode"),
          cond[0], cond[1]));
    }
    return out;
  }

  private static List<String> values(Map<String, TreeMap<Integer, String>> lists, String name) {
    TreeMap<Integer, String> m = lists.get(name);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  /** The documented limits; codes {@code InvalidParameterValue} and, for {@code none} combined, {@code InvalidParameterCombination}. */
  static void validate(List<Criterion> criteria) {
    if (criteria.size() > 10) {
      throw new Ec2Error(400, "InvalidParameterValue", "The number of image criteria (" + criteria.size()
          + ") exceeds the limit of 10.");
    }
    for (Criterion c : criteria) {
      if (c.imageProviders().size() > 200) {
        throw new Ec2Error(400, "InvalidParameterValue", "The number of image providers in a criterion ("
            + c.imageProviders().size() + ") exceeds the limit of 200.");
      }
      if (c.imageNames().size() > 50) {
        throw new Ec2Error(400, "InvalidParameterValue", "The number of image names in a criterion ("
            + c.imageNames().size() + ") exceeds the limit of 50.");
      }
      if (c.marketplaceProductCodes().size() > 50) {
        throw new Ec2Error(400, "InvalidParameterValue", "The number of marketplace product codes in a criterion ("
            + c.marketplaceProductCodes().size() + ") exceeds the limit of 50.");
      }
      if (c.imageProviders().contains("none") && c.imageProviders().size() > 1) {
        throw new Ec2Error(400, "InvalidParameterCombination",
            "The image provider 'none' cannot be combined with other image providers.");
      }
      for (String p : c.imageProviders()) {
        if (!PROVIDER_ALIASES.contains(p) && !ACCOUNT_ID.matcher(p).matches()) {
          throw new Ec2Error(400, "InvalidParameterValue", "Value (" + p + ") for parameter ImageProvider is invalid. "
              + "Valid values are amazon, aws-marketplace, aws-backup-vault, none or a 12-digit account ID.");
        }
      }
      for (String name : c.imageNames()) {
        boolean ok = name.length() >= 1 && name.length() <= 128 && IMAGE_NAME_CHARS.matcher(name).matches()
            && (!name.contains("?") || name.length() >= 3);
        if (!ok) {
          throw new Ec2Error(400, "InvalidParameterValue", "Value (" + name + ") for parameter ImageName is invalid.");
        }
      }
      for (String code : c.marketplaceProductCodes()) {
        if (!PRODUCT_CODE.matcher(code).matches()) {
          throw new Ec2Error(400, "InvalidParameterValue",
              "Value (" + code + ") for parameter MarketplaceProductCode is invalid.");
        }
      }
      if (c.maximumDaysSinceCreated() != null && c.maximumDaysSinceCreated() < 0
          || c.maximumDaysSinceDeprecated() != null && c.maximumDaysSinceDeprecated() < 0) {
        throw new Ec2Error(400, "InvalidParameterValue", "The maximum number of days must not be negative.");
      }
    }
  }

  private String describe(Key key, Map<String, String> params) {
    int maxResults = 1000;
    if (params.containsKey("MaxResults")) {
      try {
        maxResults = Integer.parseInt(params.get("MaxResults"));
      } catch (NumberFormatException e) {
        maxResults = -1;
      }
      if (maxResults < 1 || maxResults > 1000) {
        throw new Ec2Error(400, "InvalidParameterValue", "Value (" + params.get("MaxResults")
            + ") for parameter MaxResults is invalid. Expecting a value between 1 and 1000.");
      }
    }
    int offset = 0;
    if (params.containsKey("NextToken")) {
      try {
        String decoded = new String(Base64.getUrlDecoder().decode(params.get("NextToken")), StandardCharsets.UTF_8);
        if (!decoded.startsWith("iim:")) {
          throw new IllegalArgumentException(decoded);
        }
        offset = Integer.parseInt(decoded.substring(4));
      } catch (IllegalArgumentException e) {
        throw new Ec2Error(400, "InvalidParameterValue", "The value of NextToken is invalid.");
      }
    }
    List<String> ids = indexed(params, "InstanceId");
    Map<String, List<String>> filters = new LinkedHashMap<>();
    Pattern filterName = Pattern.compile("Filter\\.(\\d+)\\.Name");
    for (String p : params.keySet()) {
      Matcher m = filterName.matcher(p);
      if (m.matches()) {
        filters.put(params.get(p), indexed(params, "Filter." + m.group(1) + ".Value"));
      }
    }
    List<Instance> all = instances.getOrDefault(key, List.of());
    for (String id : ids) {
      if (all.stream().noneMatch(i -> i.instanceId().equals(id))) {
        throw new Ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
      }
    }
    Snapshot s = settings(key.account(), key.region()).snapshot();
    Instant now = clock.get();
    List<Instance> selected = new ArrayList<>();
    List<Boolean> allowed = new ArrayList<>();
    for (Instance i : all) {
      Boolean a = imageAllowed(key.account(), s, i.image(), now);
      if ((ids.isEmpty() || ids.contains(i.instanceId())) && matches(i, a, filters)) {
        selected.add(i);
        allowed.add(a);
      }
    }
    int end = Math.min(selected.size(), offset + maxResults);
    StringBuilder out = new StringBuilder(open("DescribeInstanceImageMetadata"));
    out.append("<instanceImageMetadataSet>");
    for (int n = offset; n < end; n++) {
      appendInstance(out, selected.get(n), allowed.get(n));
    }
    out.append("</instanceImageMetadataSet>");
    if (end < selected.size()) {
      element(out, "nextToken",
          Base64.getUrlEncoder().withoutPadding().encodeToString(("iim:" + end).getBytes(StandardCharsets.UTF_8)));
    }
    return out.append('\n').append(close("DescribeInstanceImageMetadata")).toString();
  }

  private static List<String> indexed(Map<String, String> params, String prefix) {
    TreeMap<Integer, String> values = new TreeMap<>();
    Pattern p = Pattern.compile(Pattern.quote(prefix) + "\\.(\\d+)");
    params.forEach((k, v) -> {
      Matcher m = p.matcher(k);
      if (m.matches()) {
        values.put(Integer.parseInt(m.group(1)), v);
      }
    });
    return List.copyOf(values.values());
  }

  private static boolean matches(Instance i, Boolean allowed, Map<String, List<String>> filters) {
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      String name = f.getKey();
      String actual;
      if (name.startsWith("tag:")) {
        actual = i.tags().get(name.substring(4));
      } else {
        actual = switch (name) {
          case "instance-id" -> i.instanceId();
          case "instance-state-name" -> i.stateName();
          case "instance-type" -> i.instanceType();
          case "availability-zone" -> i.availabilityZone();
          case "zone-id" -> i.zoneId();
          case "owner-id" -> i.ownerId();
          case "image-allowed" -> allowed == null ? null : allowed.toString();
          case "image-id" -> i.image() == null ? null : i.image().imageId();
          default -> throw new Ec2Error(400, "InvalidParameterValue", "The filter '" + name + "' is invalid");
        };
      }
      String value = actual;
      if (value == null || f.getValue().stream().noneMatch(pattern -> wildcard(pattern, value))) {
        return false;
      }
    }
    return true;
  }

  private void appendInstance(StringBuilder out, Instance i, Boolean allowed) {
    out.append("<item>");
    element(out, "instanceId", i.instanceId());
    element(out, "instanceType", i.instanceType());
    element(out, "launchTime", i.launchTime() == null ? null : ec2Time(i.launchTime()));
    element(out, "availabilityZone", i.availabilityZone());
    element(out, "zoneId", i.zoneId());
    if (i.stateName() != null) {
      out.append("<instanceState>");
      element(out, "code", stateCode(i.stateName()));
      element(out, "name", i.stateName());
      out.append("</instanceState>");
    }
    element(out, "instanceOwnerId", i.ownerId());
    if (!i.tags().isEmpty()) {
      out.append("<tagSet>");
      new TreeMap<>(i.tags()).forEach((k, v) -> {
        out.append("<item>");
        element(out, "key", k);
        element(out, "value", v);
        out.append("</item>");
      });
      out.append("</tagSet>");
    }
    Image image = i.image();
    if (image != null) {
      out.append("<imageMetadata>");
      element(out, "imageId", image.imageId());
      element(out, "name", image.name());
      element(out, "imageOwnerId", image.ownerId());
      element(out, "imageState", image.state());
      element(out, "imageOwnerAlias", image.imageOwnerAlias());
      element(out, "creationDate", image.creationDate() == null ? null : ec2Time(image.creationDate()));
      element(out, "deprecationTime", image.deprecationTime() == null ? null : ec2Time(image.deprecationTime()));
      element(out, "imageAllowed", allowed);
      element(out, "isPublic", image.isPublic());
      out.append("</imageMetadata>");
    }
    out.append("<operator><managed>false</managed></operator>");
    out.append("</item>");
  }

  /** EC2's image date format, e.g. {@code 2024-05-01T12:00:00.000Z}. */
  static String ec2Time(Instant t) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(t);
  }

  private static int stateCode(String name) {
    return switch (name) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      case "terminated" -> 48;
      case "stopping" -> 64;
      case "stopped" -> 80;
      default -> 16;
    };
  }

  /**
   * {@code imageAllowed} as this stub computes it: null while the settings are {@code disabled}; otherwise the image's
   * override if set; true for an image owned by the account itself; else true iff any criterion matches. Within a
   * criterion every given parameter must match (AND): provider (12-digit id = image owner; {@code amazon},
   * {@code aws-marketplace}, {@code aws-backup-vault} = image owner alias; {@code none} = nothing), name
   * ({@code *}/{@code ?} wildcards), creation date within {@code maximumDaysSinceCreated}, not deprecated longer
   * than {@code maximumDaysSinceDeprecated} (0: no deprecated image). Marketplace product codes are not modelled:
   * a criterion that has them matches no image.
   */
  static Boolean imageAllowed(String account, Snapshot s, Image image, Instant now) {
    if (image == null || "disabled".equals(s.state())) {
      return null;
    }
    if (image.imageAllowed() != null) {
      return image.imageAllowed();
    }
    if (account.equals(image.ownerId())) {
      return true;
    }
    return s.criteria().stream().anyMatch(c -> criterionMatches(c, image, now));
  }

  static boolean criterionMatches(Criterion c, Image image, Instant now) {
    if (!c.imageProviders().isEmpty() && c.imageProviders().stream().noneMatch(p ->
        ACCOUNT_ID.matcher(p).matches() ? p.equals(image.ownerId())
            : !p.equals("none") && p.equals(image.imageOwnerAlias()))) {
      return false;
    }
    if (!c.imageNames().isEmpty()
        && (image.name() == null || c.imageNames().stream().noneMatch(n -> wildcard(n, image.name())))) {
      return false;
    }
    if (!c.marketplaceProductCodes().isEmpty()) {
      return false;
    }
    if (c.maximumDaysSinceCreated() != null && (image.creationDate() == null
        || image.creationDate().isBefore(now.minus(Duration.ofDays(c.maximumDaysSinceCreated()))))) {
      return false;
    }
    if (c.maximumDaysSinceDeprecated() != null && image.deprecationTime() != null
        && !image.deprecationTime().isAfter(now)) {
      long daysDeprecated = Duration.between(image.deprecationTime(), now).toDays();
      if (c.maximumDaysSinceDeprecated() == 0 || daysDeprecated > c.maximumDaysSinceDeprecated()) {
        return false;
      }
    }
    return true;
  }

  /** {@code *} any run, {@code ?} one character; everything else literal. */
  static boolean wildcard(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
    }
    return value.matches(regex.toString());
  }
}
