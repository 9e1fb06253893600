package dev.compliantami.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A stateful fake of EC2 Image Builder on an embedded WireMock server at {@code http://127.0.0.1:<port>}, speaking
 * the REST-JSON wire format of the AWS SDK v2 {@code ImagebuilderClient} (2.40.2): each operation is
 * {@code <METHOD> /<OperationName>}, members of GET operations travel as query parameters and the others as a JSON
 * body, and errors are an HTTP status, an {@code x-amzn-ErrorType} header and a {@code {"message": ...}} body.
 *
 * <p>Operations: ListImagePipelines (filters {@code name}, {@code status}, {@code imageRecipeArn}; values are
 * matched exactly), GetImagePipeline, GetImageRecipe, StartImagePipelineExecution, ListComponents ({@code owner},
 * filters {@code name}, {@code platform}, {@code type}, {@code version}), GetImage (by build-version ARN) and
 * ListImageScanFindings (one filter with one value: {@code imageBuildVersionArn}, {@code imagePipelineArn},
 * {@code vulnerabilityId} or {@code severity}). A filter or option the stub does not implement is answered with
 * InvalidRequestException, so a test never passes by accident on an ignored filter. Other paths get a 404
 * {@code UnknownOperationException}.
 *
 * <p>Images: a started build exists as an image in state BUILDING at once; {@link #completeBuild} moves it to its
 * final state and, for AVAILABLE, gives it one output AMI in the build's region if it has none. Seed a full image
 * with {@link #addImage}. Timestamps: {@code Image.dateCreated} is a string (ISO-8601 with milliseconds), while the
 * finding timestamps ({@code firstObservedAt}, {@code updatedAt}) are JSON numbers of epoch seconds, the REST-JSON
 * default for payload timestamps.
 *
 * <p>Not modelled (inject them with {@link #failNext}/{@link #failAlways} when a test needs them): when the real
 * service raises ResourceInUseException, and whether a DISABLED pipeline can be started by hand.
 */
public final class ImageBuilderStub implements AutoCloseable {

  public static final String LIST_IMAGE_PIPELINES = "ListImagePipelines";
  public static final String GET_IMAGE_PIPELINE = "GetImagePipeline";
  public static final String GET_IMAGE_RECIPE = "GetImageRecipe";
  public static final String START_IMAGE_PIPELINE_EXECUTION = "StartImagePipelineExecution";
  public static final String LIST_COMPONENTS = "ListComponents";
  public static final String GET_IMAGE = "GetImage";
  public static final String LIST_IMAGE_SCAN_FINDINGS = "ListImageScanFindings";

  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_ACCOUNT = "123456789012";

  /** HTTP method of each operation, from the SDK's request marshallers. */
  private static final Map<String, String> OPERATIONS = Map.of(
      LIST_IMAGE_PIPELINES, "POST",
      GET_IMAGE_PIPELINE, "GET",
      GET_IMAGE_RECIPE, "GET",
      START_IMAGE_PIPELINE_EXECUTION, "PUT",
      LIST_COMPONENTS, "POST",
      GET_IMAGE, "GET",
      LIST_IMAGE_SCAN_FINDINGS, "POST");

  private static final Set<String> MUTATING = Set.of(START_IMAGE_PIPELINE_EXECUTION);
  private static final Set<String> SCOPE_MEMBERS = Set.of("imagePipelineArn", "imageBuildVersionArn");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WireMockServer server;
  private final ImageBuilderState state = new ImageBuilderState();
  private final List<ReceivedRequest> received = new ArrayList<>();
  private final Map<String, Deque<String>> nextFaults = new HashMap<>();
  private final List<StandingFault> standingFaults = new ArrayList<>();

  /** A stub on a free port. */
  public ImageBuilderStub() {
    this(0);
  }

  /** A stub on {@code port}; 0 picks a free one. */
  public ImageBuilderStub(int port) {
    this.server = new WireMockServer(options()
        .bindAddress("127.0.0.1")
        .port(port)
        .jettyAcceptors(1)
        .disableRequestJournal()
        .notifier(new ConsoleNotifier(false))
        .extensions(new Responder()));
  }

  public static void main(String[] args) throws InterruptedException {
    ImageBuilderStub stub = new ImageBuilderStub(args.length > 0 ? Integer.parseInt(args[0]) : 0).start();
    Runtime.getRuntime().addShutdownHook(new Thread(stub::stop));
    System.out.println("Image Builder stub at " + stub.endpoint());
    Thread.currentThread().join();
  }

  // ---- lifecycle

  public ImageBuilderStub start() {
    server.start();
    server.stubFor(any(anyUrl()).willReturn(ok()));
    return this;
  }

  public void stop() {
    if (server.isRunning()) {
      server.stop();
    }
  }

  @Override
  public void close() {
    stop();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.port();
  }

  /** Forgets every resource, build, recorded request and fault; the page size goes back to 25. */
  public synchronized void reset() {
    state.reset();
    received.clear();
    nextFaults.clear();
    standingFaults.clear();
  }

  // ---- seeding

  public synchronized ImageBuilderStub addPipeline(PipelineSeed pipeline) {
    state.add(pipeline);
    return this;
  }

  public synchronized ImageBuilderStub addRecipe(RecipeSeed recipe) {
    state.add(recipe);
    return this;
  }

  public synchronized ImageBuilderStub addComponent(ComponentSeed component) {
    state.add(component);
    return this;
  }

  /** Adds or replaces the image with {@code image.arn()}; GetImage returns it. */
  public synchronized ImageBuilderStub addImage(ImageSeed image) {
    state.add(image);
    return this;
  }

  public synchronized ImageBuilderStub addScanFinding(FindingSeed finding) {
    state.add(finding);
    return this;
  }

  /**
   * Adds {@code count} findings of {@code severity} (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL or UNTRIAGED) for
   * an image build, each with its own vulnerability ID ({@code CVE-2024-1xxxx}). Their {@code imagePipelineArn} is
   * the image's source pipeline when the stub knows the image or started the build, otherwise absent.
   */
  public synchronized ImageBuilderStub addScanFindings(String imageBuildVersionArn, String severity, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    String pipelineArn = state.pipelineOfImage(imageBuildVersionArn);
    for (int i = 0; i < count; i++) {
      state.add(FindingSeed.of(imageBuildVersionArn, state.nextVulnerabilityId(), severity)
          .withImagePipelineArn(pipelineArn));
    }
    return this;
  }

  /** Largest page the list operations return, whatever {@code maxResults} asks for (1–25; default 25). */
  public synchronized ImageBuilderStub pageSize(int size) {
    state.pageSize(size);
    return this;
  }

  /**
   * Marks a started build AVAILABLE: its pipeline's {@code lastRunStatus} and its image's state become AVAILABLE,
   * and an image without output AMIs gets one in the build's region (a made-up {@code ami-…} ID).
   */
  public void completeBuild(String imageBuildVersionArn) {
    completeBuild(imageBuildVersionArn, "AVAILABLE");
  }

  /**
   * Ends a started build with an {@code ImageStatus} such as AVAILABLE, FAILED or CANCELLED: the pipeline's
   * {@code lastRunStatus} and the image's {@code state.status} become that status.
   */
  public synchronized void completeBuild(String imageBuildVersionArn, String imageStatus) {
    state.finishBuild(imageBuildVersionArn, imageStatus);
  }

  /** The pipeline as the stub now holds it (e.g. to read {@code lastRunStatus}), or null. */
  public synchronized PipelineSeed pipeline(String imagePipelineArn) {
    return state.pipeline(imagePipelineArn);
  }

  /** The image as the stub now holds it (seeded, or created by a start), or null. */
  public synchronized ImageSeed image(String imageBuildVersionArn) {
    return state.image(imageBuildVersionArn);
  }

  public static String pipelineArn(String name) {
    return "arn:aws:imagebuilder:" + DEFAULT_REGION + ":" + DEFAULT_ACCOUNT + ":image-pipeline/" + name;
  }

  public static String recipeArn(String name, String version) {
    return "arn:aws:imagebuilder:" + DEFAULT_REGION + ":" + DEFAULT_ACCOUNT + ":image-recipe/" + name + "/" + version;
  }

  /** A build-version ARN {@code arn:aws:imagebuilder:us-east-1:123456789012:image/<name>/<version>/<build>}. */
  public static String imageArn(String name, String version, int build) {
    return "arn:aws:imagebuilder:" + DEFAULT_REGION + ":" + DEFAULT_ACCOUNT + ":image/" + name + "/" + version + "/"
        + build;
  }

  // ---- fault injection

  /**
   * The next {@code times} calls of {@code operation} fail with {@code errorCode} (e.g.
   * "CallRateLimitExceededException"). The SDK retries 429 and 5xx codes itself (default legacy retry mode: 4
   * attempts in all), so one throttle is invisible to the caller while four surface as the typed exception.
   */
  public synchronized ImageBuilderStub failNext(String operation, String errorCode, int times) {
    requireOperation(operation);
    ImageBuilderError.httpStatusOf(errorCode);
    Deque<String> queue = nextFaults.computeIfAbsent(operation, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(errorCode);
    }
    return this;
  }

  /**
   * Every call of {@code operation} fails with {@code errorCode} until {@link #clearFaults()}; with a non-null
   * {@code resourceArn}, only calls about that ARN: its {@code imagePipelineArn} or {@code imageBuildVersionArn}
   * member, or the value of a ListImageScanFindings filter of either name, is that ARN.
   */
  public synchronized ImageBuilderStub failAlways(String operation, String resourceArn, String errorCode) {
    requireOperation(operation);
    ImageBuilderError.httpStatusOf(errorCode);
    standingFaults.add(new StandingFault(operation, resourceArn, errorCode));
    return this;
  }

  public synchronized ImageBuilderStub clearFaults() {
    nextFaults.clear();
    standingFaults.clear();
    return this;
  }

  // ---- assertions

  /** Every request received, in order, including those answered with an error. */
  public synchronized List<ReceivedRequest> requests() {
    return List.copyOf(received);
  }

  public synchronized List<ReceivedRequest> requests(String operation) {
    return received.stream().filter(r -> r.operation().equals(operation)).toList();
  }

  /** Requests of operations that change state (StartImagePipelineExecution), answered or not. */
  public synchronized List<ReceivedRequest> mutatingRequests() {
    return received.stream().filter(r -> MUTATING.contains(r.operation())).toList();
  }

  /** Builds actually created; an idempotent replay of a start creates none. */
  public synchronized List<StartedBuild> startedBuilds() {
    return state.builds();
  }

  // ---- serving

  private synchronized ResponseDefinition serve(LoggedRequest request) {
    URI uri = URI.create(request.getUrl());
    String operation = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    Map<String, String> query = AwsWire.form(uri.getRawQuery());
    String body = request.getBodyAsString();
    ReceivedRequest received = new ReceivedRequest(operation, request.getMethod().getName(), query, body);
    this.received.add(received);
    try {
      if (!request.getMethod().getName().equals(OPERATIONS.get(operation))) {
        throw new ImageBuilderError(ImageBuilderError.UNKNOWN_OPERATION,
            "ImageBuilderStub does not implement " + request.getMethod().getName() + " " + uri.getPath());
      }
      JsonNode input = received.input();
      injectedFault(operation, scopeArns(input));
      return json(200, Map.of(), state.handle(operation, input));
    } catch (ImageBuilderError e) {
      ObjectNode error = JSON.createObjectNode().put("message", e.getMessage());
      return json(e.httpStatus(), Map.of("x-amzn-ErrorType", e.code()), error);
    }
  }

  /** The ARNs a request is about, for {@link #failAlways} scoping. */
  private static Set<String> scopeArns(JsonNode input) {
    Set<String> arns = new HashSet<>();
    for (String member : SCOPE_MEMBERS) {
      if (input.hasNonNull(member)) {
        arns.add(input.get(member).asText());
      }
    }
    for (JsonNode filter : input.path("filters")) {
      if (SCOPE_MEMBERS.contains(filter.path("name").asText())) {
        filter.path("values").forEach(v -> arns.add(v.asText()));
      }
    }
    return arns;
  }

  private void injectedFault(String operation, Set<String> arns) {
    Deque<String> queue = nextFaults.get(operation);
    String code = queue == null ? null : queue.poll();
    if (code == null) {
      code = standingFaults.stream()
          .filter(f -> f.operation().equals(operation))
          .filter(f -> f.resourceArn() == null || arns.contains(f.resourceArn()))
          .map(StandingFault::errorCode)
          .findFirst()
          .orElse(null);
    }
    if (code != null) {
      throw new ImageBuilderError(code, "Injected by ImageBuilderStub: " + code + " for " + operation + ".");
    }
  }

  private static ResponseDefinition json(int status, Map<String, String> headers, ObjectNode body) {
    ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", body.path("requestId").asText(UUID.randomUUID().toString()))
        .withBody(body.toString());
    headers.forEach(response::withHeader);
    return response.build();
  }

  private static void requireOperation(String operation) {
    if (!OPERATIONS.containsKey(operation)) {
      throw new IllegalArgumentException("ImageBuilderStub does not implement " + operation + "; it implements "
          + OPERATIONS.keySet());
    }
  }

  private final class Responder implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return serve(serveEvent.getRequest());
    }

    @Override
    public String getName() {
      return "image-builder-stub";
    }
  }

  private record StandingFault(String operation, String resourceArn, String errorCode) {}

  // ---- value types

  /**
   * An image pipeline. {@code status} is ENABLED or DISABLED; {@code lastRunStatus} is an {@code ImageStatus}
   * (e.g. BUILDING, AVAILABLE, FAILED) or null for a pipeline that never ran.
   */
  public record PipelineSeed(
      String arn, String name, String status, Map<String, String> tags, String imageRecipeArn, String lastRunStatus) {

    public PipelineSeed {
      Objects.requireNonNull(arn, "arn");
      if (!arn.contains(":image-pipeline/")) {
        throw new IllegalArgumentException("Not an image-pipeline ARN: " + arn);
      }
      name = name != null ? name : ImageBuilderState.Arns.name(arn);
      if (status == null || !Set.of("ENABLED", "DISABLED").contains(status)) {
        throw new IllegalArgumentException("status must be ENABLED or DISABLED: " + status);
      }
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** An ENABLED pipeline that never ran, named after its ARN, without tags. */
    public static PipelineSeed enabled(String arn, String imageRecipeArn) {
      return new PipelineSeed(arn, null, "ENABLED", Map.of(), imageRecipeArn, null);
    }

    public PipelineSeed withLastRunStatus(String newLastRunStatus) {
      return new PipelineSeed(arn, name, status, tags, imageRecipeArn, newLastRunStatus);
    }
  }

  /** An image recipe; {@code version} comes from the ARN ({@code …:image-recipe/<name>/<version>}). */
  public record RecipeSeed(
      String arn, String name, String parentImage, List<RecipeComponent> components, Map<String, String> tags) {

    public RecipeSeed {
      Objects.requireNonNull(arn, "arn");
      if (!arn.contains(":image-recipe/")) {
        throw new IllegalArgumentException("Not an image-recipe ARN: " + arn);
      }
      name = name != null ? name : ImageBuilderState.Arns.name(arn);
      components = components == null ? List.of() : List.copyOf(components);
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A recipe whose components take no parameters. */
    public static RecipeSeed of(
        String arn, String name, String parentImage, List<String> componentArns, Map<String, String> tags) {
      return new RecipeSeed(arn, name, parentImage,
          componentArns.stream().map(RecipeComponent::of).toList(), tags);
    }
  }

  /** A component of a recipe, with its parameters (name to values), e.g. {@code Level=[High]}. */
  public record RecipeComponent(String componentArn, Map<String, List<String>> parameters) {
    public RecipeComponent {
      Objects.requireNonNull(componentArn, "componentArn");
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public static RecipeComponent of(String componentArn) {
      return new RecipeComponent(componentArn, Map.of());
    }
  }

  /**
   * A component version as ListComponents returns it. {@code ownership} is the {@code owner} request value that
   * lists it (Self, Shared, Amazon, ThirdParty, AWSMarketplace); {@code type} BUILD or TEST; {@code status} ACTIVE,
   * DEPRECATED or DISABLED.
   */
  public record ComponentSeed(
      String arn, String name, String version, String ownership, String platform, String type, String status,
      String description) {

    public ComponentSeed {
      Objects.requireNonNull(arn, "arn");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      ownership = ownership != null ? ownership : "Self";
      platform = platform != null ? platform : "Linux";
      type = type != null ? type : "BUILD";
      status = status != null ? status : "ACTIVE";
    }

    /** An ACTIVE Linux BUILD component owned by Amazon: {@code arn:aws:imagebuilder:<region>:aws:component/<name>/<version>/1}. */
    public static ComponentSeed amazon(String name, String version) {
      return new ComponentSeed("arn:aws:imagebuilder:" + DEFAULT_REGION + ":aws:component/" + name + "/" + version
          + "/1", name, version, "Amazon", "Linux", "BUILD", "ACTIVE", null);
    }
  }

  /** Wire values of {@code ImageStatus} (SDK 2.40.2 enum); also the status of an output AMI. */
  static final Set<String> IMAGE_STATUSES = Set.of("PENDING", "CREATING", "BUILDING", "TESTING", "DISTRIBUTING",
      "INTEGRATING", "AVAILABLE", "CANCELLED", "FAILED", "DEPRECATED", "DELETED", "DISABLED");
  /** Wire values of {@code ImageScanStatus} (SDK 2.40.2 enum). */
  static final Set<String> SCAN_STATUSES =
      Set.of("PENDING", "SCANNING", "COLLECTING", "COMPLETED", "ABANDONED", "FAILED", "TIMED_OUT");
  /** Wire values of {@code BuildType} (SDK 2.40.2 enum). */
  static final Set<String> BUILD_TYPES = Set.of("USER_INITIATED", "SCHEDULED", "IMPORT", "IMPORT_ISO");
  /** Wire values of {@code Platform} (SDK 2.40.2 enum). */
  static final Set<String> PLATFORMS = Set.of("Windows", "Linux", "macOS");
  /**
   * Inspector severities. {@code ImageScanFinding.severity} is a plain string in the model; these are the values
   * Amazon Inspector assigns.
   */
  static final Set<String> SEVERITIES = Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNTRIAGED");
  /** Inspector's {@code fixAvailable} values; a plain string in the Image Builder model. */
  static final Set<String> FIX_AVAILABLE = Set.of("YES", "NO", "PARTIAL");

  private static String oneOf(Set<String> allowed, String value, String what) {
    if (value == null || !allowed.contains(value)) {
      throw new IllegalArgumentException(what + " must be one of " + allowed + ": " + value);
    }
    return value;
  }

  /** A {@code status} with an optional {@code reason}: the shape of {@code ImageState} and {@code ImageScanState}. */
  public record StateSeed(String status, String reason) {
    public StateSeed {
      Objects.requireNonNull(status, "status");
    }

    public static StateSeed of(String status) {
      return new StateSeed(status, null);
    }
  }

  /**
   * An output AMI ({@code outputResources.amis[]}): {@code image} is the AMI ID; {@code status} an
   * {@code ImageStatus} (default AVAILABLE); a null {@code accountId} is sent as the image ARN's account; null
   * {@code name}/{@code description} are left out.
   */
  public record AmiSeed(
      String region, String image, String name, String description, String status, String accountId) {

    public AmiSeed {
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(image, "image");
      if (!image.startsWith("ami-")) {
        throw new IllegalArgumentException("Not an AMI ID: " + image);
      }
      status = oneOf(IMAGE_STATUSES, status != null ? status : "AVAILABLE", "AMI status");
    }

    /** An AVAILABLE AMI in {@code region}, in the image's account, without name or description. */
    public static AmiSeed of(String region, String amiId) {
      return new AmiSeed(region, amiId, null, null, null, null);
    }
  }

  /**
   * The infrastructure configuration an image was built with, as {@code Image.infrastructureConfiguration} carries
   * it: {@code arn}, {@code name} and, when {@code s3BucketName} is set, {@code logging.s3Logs}.
   */
  public record InfrastructureSeed(String arn, String name, String s3BucketName, String s3KeyPrefix) {
    public InfrastructureSeed {
      Objects.requireNonNull(arn, "arn");
      if (!arn.contains(":infrastructure-configuration/")) {
        throw new IllegalArgumentException("Not an infrastructure-configuration ARN: " + arn);
      }
      name = name != null ? name : ImageBuilderState.Arns.name(arn);
    }

    /** The configuration {@code infrastructure-configuration/<name>} in the region and account of {@code imageArn}. */
    public static InfrastructureSeed named(String imageArn, String name) {
      return new InfrastructureSeed("arn:aws:imagebuilder:" + ImageBuilderState.Arns.region(imageArn) + ":"
          + ImageBuilderState.Arns.account(imageArn) + ":infrastructure-configuration/" + name, name, null, null);
    }
  }

  /**
   * An image build version as GetImage returns it ({@code type} is always AMI). {@code arn} is a build-version ARN
   * {@code …:image/<name>/<x.y.z>/<build>}; {@code name} defaults to the ARN's name and {@code version} to
   * {@code <x.y.z>/<build>}, the form the service returns. {@code state} and the AMIs' {@code status} are
   * {@code ImageStatus} values, {@code scanState.status} an {@code ImageScanStatus}, {@code buildType} a
   * {@code BuildType}; {@code dateCreated} is a string (the model's type). Null members are left out of the
   * response, except the tests configuration (default enabled, 720 minutes) and the scanning configuration.
   */
  public record ImageSeed(
      String arn, String name, String version, String platform, String osVersion, StateSeed state,
      String sourcePipelineArn, RecipeSeed imageRecipe, InfrastructureSeed infrastructureConfiguration,
      boolean imageTestsEnabled, int testTimeoutMinutes, List<AmiSeed> amis, Map<String, String> tags,
      String dateCreated, String buildType, boolean imageScanningEnabled, StateSeed scanState,
      List<String> workflowArns, String logGroupName) {

    private static final Pattern BUILD_VERSION_ARN =
        Pattern.compile("^arn:aws[^:]*:imagebuilder:[^:]+:[^:]+:image/[^/]+/[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$");
    /** The service's {@code dateCreated} form, e.g. {@code 2026-09-03T05:44:21.121Z}. */
    private static final DateTimeFormatter DATE_CREATED =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public ImageSeed {
      Objects.requireNonNull(arn, "arn");
      if (!BUILD_VERSION_ARN.matcher(arn).matches()) {
        throw new IllegalArgumentException("Not an image build-version ARN (…:image/<name>/<x.y.z>/<build>): " + arn);
      }
      name = name != null ? name : ImageBuilderState.Arns.name(arn);
      version = version != null ? version
          : ImageBuilderState.Arns.version(arn) + "/" + ImageBuilderState.Arns.build(arn);
      platform = oneOf(PLATFORMS, platform != null ? platform : "Linux", "platform");
      state = state != null ? state : StateSeed.of("AVAILABLE");
      oneOf(IMAGE_STATUSES, state.status(), "state.status");
      if (sourcePipelineArn != null && !sourcePipelineArn.contains(":image-pipeline/")) {
        throw new IllegalArgumentException("Not an image-pipeline ARN: " + sourcePipelineArn);
      }
      if (testTimeoutMinutes < 60 || testTimeoutMinutes > 1440) {
        throw new IllegalArgumentException("testTimeoutMinutes must be 60–1440: " + testTimeoutMinutes);
      }
      amis = amis == null ? List.of() : List.copyOf(amis);
      tags = tags == null ? Map.of() : Map.copyOf(tags);
      dateCreated = dateCreated != null ? dateCreated : "2024-01-01T00:00:00.000Z";
      buildType = oneOf(BUILD_TYPES, buildType != null ? buildType : "USER_INITIATED", "buildType");
      if (scanState != null) {
        oneOf(SCAN_STATUSES, scanState.status(), "scanState.status");
      }
      workflowArns = workflowArns == null ? List.of() : List.copyOf(workflowArns);
    }

    /**
     * An AVAILABLE Linux image built by {@code sourcePipelineArn} (may be null) from {@code recipe} (may be null),
     * distributed as {@code amis}: tests enabled (720 minutes), scanning off, infrastructure configuration named
     * after the pipeline (or the image) without S3 logs, no tags.
     */
    public static ImageSeed available(String arn, String sourcePipelineArn, RecipeSeed recipe, AmiSeed... amis) {
      String infra = sourcePipelineArn != null
          ? ImageBuilderState.Arns.name(sourcePipelineArn) : ImageBuilderState.Arns.name(arn);
      return new ImageSeed(arn, null, null, "Linux", "Amazon Linux 2023", StateSeed.of("AVAILABLE"),
          sourcePipelineArn, recipe, InfrastructureSeed.named(arn, infra), true, 720, Arrays.asList(amis), Map.of(),
          null, "USER_INITIATED", false, null, List.of(), null);
    }

    /** A just-started build: BUILDING, no AMIs, created now. */
    static ImageSeed building(String arn, String sourcePipelineArn, RecipeSeed recipe) {
      return available(arn, sourcePipelineArn, recipe).withState("BUILDING", null)
          .withDateCreated(DATE_CREATED.format(Instant.now()));
    }

    public ImageSeed withState(String status, String reason) {
      return new ImageSeed(arn, name, version, platform, osVersion, new StateSeed(status, reason), sourcePipelineArn,
          imageRecipe, infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, tags, dateCreated,
          buildType, imageScanningEnabled, scanState, workflowArns, logGroupName);
    }

    /** Sets {@code scanState} and turns {@code imageScanningConfiguration.imageScanningEnabled} on. */
    public ImageSeed withScanState(String status, String reason) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, tags, dateCreated, buildType,
          true, new StateSeed(status, reason), workflowArns, logGroupName);
    }

    public ImageSeed withScanningEnabled(boolean enabled) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, tags, dateCreated, buildType,
          enabled, scanState, workflowArns, logGroupName);
    }

    public ImageSeed withTestsEnabled(boolean enabled) {
      return withTests(enabled, testTimeoutMinutes);
    }

    /** {@code imageTestsConfiguration}: {@code timeoutMinutes} is 60–1440. */
    public ImageSeed withTests(boolean enabled, int timeoutMinutes) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, enabled, timeoutMinutes, amis, tags, dateCreated, buildType,
          imageScanningEnabled, scanState, workflowArns, logGroupName);
    }

    /** S3 build logs: {@code infrastructureConfiguration.logging.s3Logs{s3BucketName, s3KeyPrefix}}. */
    public ImageSeed withLogs(String s3BucketName, String s3KeyPrefix) {
      InfrastructureSeed infra = infrastructureConfiguration != null
          ? infrastructureConfiguration : InfrastructureSeed.named(arn, name);
      return withInfrastructure(new InfrastructureSeed(infra.arn(), infra.name(), s3BucketName, s3KeyPrefix));
    }

    public ImageSeed withInfrastructure(InfrastructureSeed infrastructure) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructure, imageTestsEnabled, testTimeoutMinutes, amis, tags, dateCreated, buildType,
          imageScanningEnabled, scanState, workflowArns, logGroupName);
    }

    /** CloudWatch Logs: {@code loggingConfiguration.logGroupName}. */
    public ImageSeed withLogGroup(String newLogGroupName) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, tags, dateCreated, buildType,
          imageScanningEnabled, scanState, workflowArns, newLogGroupName);
    }

    public ImageSeed withTags(Map<String, String> newTags) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, newTags, dateCreated, buildType,
          imageScanningEnabled, scanState, workflowArns, logGroupName);
    }

    public ImageSeed withAmis(List<AmiSeed> newAmis) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, newAmis, tags, dateCreated, buildType,
          imageScanningEnabled, scanState, workflowArns, logGroupName);
    }

    public ImageSeed withOs(String newPlatform, String newOsVersion) {
      return new ImageSeed(arn, name, version, newPlatform, newOsVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, tags, dateCreated, buildType,
          imageScanningEnabled, scanState, workflowArns, logGroupName);
    }

    public ImageSeed withBuildType(String newBuildType) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, tags, dateCreated, newBuildType,
          imageScanningEnabled, scanState, workflowArns, logGroupName);
    }

    /** A string, sent as is (the service sends ISO-8601 with milliseconds, e.g. 2024-01-01T00:00:00.000Z). */
    public ImageSeed withDateCreated(String newDateCreated) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, tags, newDateCreated, buildType,
          imageScanningEnabled, scanState, workflowArns, logGroupName);
    }

    /** {@code workflows[].workflowArn} (without parameters, parallel group or onFailure). */
    public ImageSeed withWorkflows(String... newWorkflowArns) {
      return new ImageSeed(arn, name, version, platform, osVersion, state, sourcePipelineArn, imageRecipe,
          infrastructureConfiguration, imageTestsEnabled, testTimeoutMinutes, amis, tags, dateCreated, buildType,
          imageScanningEnabled, scanState, Arrays.asList(newWorkflowArns), logGroupName);
    }
  }

  /**
   * A vulnerability finding as ListImageScanFindings returns it ({@code type} is always PACKAGE_VULNERABILITY).
   * {@code severity} is an Inspector severity; {@code fixAvailable} YES, NO or PARTIAL (default YES);
   * {@code awsAccountId} defaults to the image ARN's account, {@code title} to {@code "<vulnerabilityId> - <package>"},
   * {@code inspectorScore} to a score typical of the severity and the timestamps to 2024-01-01T00:00:00Z. A null
   * {@code imagePipelineArn}, {@code remediationText} or {@code packageName} leaves that part out.
   */
  public record FindingSeed(
      String imageBuildVersionArn, String imagePipelineArn, String awsAccountId, String vulnerabilityId,
      String severity, String title, String description, Double inspectorScore, String fixAvailable,
      String remediationText, String packageName, String packageVersion, String fixedInVersion,
      Instant firstObservedAt, Instant updatedAt) {

    private static final Instant DEFAULT_TIME = Instant.parse("2024-01-01T00:00:00Z");

    public FindingSeed {
      Objects.requireNonNull(imageBuildVersionArn, "imageBuildVersionArn");
      Objects.requireNonNull(vulnerabilityId, "vulnerabilityId");
      oneOf(SEVERITIES, severity, "severity");
      awsAccountId = awsAccountId != null ? awsAccountId : ImageBuilderState.Arns.account(imageBuildVersionArn);
      title = title != null ? title : vulnerabilityId + " - " + (packageName != null ? packageName : "package");
      description = description != null ? description : "A " + severity + " vulnerability (" + vulnerabilityId + ").";
      inspectorScore = inspectorScore != null ? inspectorScore : switch (severity) {
        case "CRITICAL" -> 9.8;
        case "HIGH" -> 7.5;
        case "MEDIUM" -> 5.5;
        case "LOW" -> 3.1;
        default -> 0.0;
      };
      fixAvailable = oneOf(FIX_AVAILABLE, fixAvailable != null ? fixAvailable : "YES", "fixAvailable");
      firstObservedAt = firstObservedAt != null ? firstObservedAt : DEFAULT_TIME;
      updatedAt = updatedAt != null ? updatedAt : firstObservedAt;
    }

    /** A finding on package {@code kernel} 1.0, fixed in 1.1, without a pipeline or remediation text. */
    public static FindingSeed of(String imageBuildVersionArn, String vulnerabilityId, String severity) {
      return new FindingSeed(imageBuildVersionArn, null, null, vulnerabilityId, severity, null, null, null, null,
          null, "kernel", "1.0", "1.1", null, null);
    }

    public FindingSeed withImagePipelineArn(String arn) {
      return new FindingSeed(imageBuildVersionArn, arn, awsAccountId, vulnerabilityId, severity, title, description,
          inspectorScore, fixAvailable, remediationText, packageName, packageVersion, fixedInVersion,
          firstObservedAt, updatedAt);
    }

    public FindingSeed withTimes(Instant newFirstObservedAt, Instant newUpdatedAt) {
      return new FindingSeed(imageBuildVersionArn, imagePipelineArn, awsAccountId, vulnerabilityId, severity, title,
          description, inspectorScore, fixAvailable, remediationText, packageName, packageVersion, fixedInVersion,
          newFirstObservedAt, newUpdatedAt);
    }

    public FindingSeed withFix(String newFixAvailable, String newRemediationText) {
      return new FindingSeed(imageBuildVersionArn, imagePipelineArn, awsAccountId, vulnerabilityId, severity, title,
          description, inspectorScore, newFixAvailable, newRemediationText, packageName, packageVersion,
          fixedInVersion, firstObservedAt, updatedAt);
    }

    /** {@code packageVulnerabilityDetails.vulnerablePackages[0]}; a null name leaves the package list out. */
    public FindingSeed withPackage(String name, String version, String newFixedInVersion) {
      return new FindingSeed(imageBuildVersionArn, imagePipelineArn, awsAccountId, vulnerabilityId, severity, title,
          description, inspectorScore, fixAvailable, remediationText, name, version, newFixedInVersion,
          firstObservedAt, updatedAt);
    }
  }

  /** A request as received: GET members are in {@code queryParameters}, the others in the JSON {@code body}. */
  public record ReceivedRequest(String operation, String httpMethod, Map<String, String> queryParameters, String body) {

    /** The request members as one JSON object, wherever they travelled. */
    public JsonNode input() {
      ObjectNode input = JSON.createObjectNode();
      if (body != null && !body.isBlank()) {
        try {
          JsonNode parsed = JSON.readTree(body);
          if (parsed instanceof ObjectNode object) {
            input.setAll(object);
          }
        } catch (JsonProcessingException e) {
          throw new ImageBuilderError("InvalidRequestException", "The body is not JSON: " + body);
        }
      }
      queryParameters.forEach(input::put);
      return input;
    }

    /** A top-level member as text, or null. */
    public String member(String name) {
      JsonNode value = input().get(name);
      return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }
  }

  /** A build StartImagePipelineExecution created. */
  public record StartedBuild(
      String imageBuildVersionArn, String imagePipelineArn, String clientToken, Map<String, String> tags) {}
}
