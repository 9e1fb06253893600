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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A stateful fake of EC2 Image Builder on an embedded WireMock server at {@code http://127.0.0.1:<port>}, speaking
 * the REST-JSON wire format of the AWS SDK v2 {@code ImagebuilderClient} (2.40.2): each operation is
 * {@code <METHOD> /<OperationName>}, members of GET operations travel as query parameters and the others as a JSON
 * body, and errors are an HTTP status, an {@code x-amzn-ErrorType} header and a {@code {"message": ...}} body.
 *
 * <p>Operations: ListImagePipelines (filters {@code name}, {@code status}, {@code imageRecipeArn}; values are
 * matched exactly), GetImagePipeline, GetImageRecipe, StartImagePipelineExecution and ListComponents ({@code owner},
 * filters {@code name}, {@code platform}, {@code type}, {@code version}). A filter or option the stub does not
 * implement is answered with InvalidRequestException, so a test never passes by accident on an ignored filter.
 * Other paths get a 404 {@code UnknownOperationException}.
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

  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_ACCOUNT = "123456789012";

  /** HTTP method of each operation, from the SDK's request marshallers. */
  private static final Map<String, String> OPERATIONS = Map.of(
      LIST_IMAGE_PIPELINES, "POST",
      GET_IMAGE_PIPELINE, "GET",
      GET_IMAGE_RECIPE, "GET",
      START_IMAGE_PIPELINE_EXECUTION, "PUT",
      LIST_COMPONENTS, "POST");

  private static final Set<String> MUTATING = Set.of(START_IMAGE_PIPELINE_EXECUTION);
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

  /** Largest page the list operations return, whatever {@code maxResults} asks for (1–25; default 25). */
  public synchronized ImageBuilderStub pageSize(int size) {
    state.pageSize(size);
    return this;
  }

  /** Marks a started build AVAILABLE: its pipeline's {@code lastRunStatus} becomes AVAILABLE. */
  public void completeBuild(String imageBuildVersionArn) {
    completeBuild(imageBuildVersionArn, "AVAILABLE");
  }

  /** Ends a started build with an {@code ImageStatus} such as AVAILABLE, FAILED or CANCELLED. */
  public synchronized void completeBuild(String imageBuildVersionArn, String imageStatus) {
    state.finishBuild(imageBuildVersionArn, imageStatus);
  }

  /** The pipeline as the stub now holds it (e.g. to read {@code lastRunStatus}), or null. */
  public synchronized PipelineSeed pipeline(String imagePipelineArn) {
    return state.pipeline(imagePipelineArn);
  }

  public static String pipelineArn(String name) {
    return "arn:aws:imagebuilder:" + DEFAULT_REGION + ":" + DEFAULT_ACCOUNT + ":image-pipeline/" + name;
  }

  public static String recipeArn(String name, String version) {
    return "arn:aws:imagebuilder:" + DEFAULT_REGION + ":" + DEFAULT_ACCOUNT + ":image-recipe/" + name + "/" + version;
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
   * {@code imagePipelineArn}, only calls whose {@code imagePipelineArn} member is that ARN.
   */
  public synchronized ImageBuilderStub failAlways(String operation, String imagePipelineArn, String errorCode) {
    requireOperation(operation);
    ImageBuilderError.httpStatusOf(errorCode);
    standingFaults.add(new StandingFault(operation, imagePipelineArn, errorCode));
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
    Map<String, String> query = query(uri.getRawQuery());
    String body = request.getBodyAsString();
    ReceivedRequest received = new ReceivedRequest(operation, request.getMethod().getName(), query, body);
    this.received.add(received);
    try {
      if (!request.getMethod().getName().equals(OPERATIONS.get(operation))) {
        throw new ImageBuilderError(ImageBuilderError.UNKNOWN_OPERATION,
            "ImageBuilderStub does not implement " + request.getMethod().getName() + " " + uri.getPath());
      }
      JsonNode input = received.input();
      injectedFault(operation, input.path("imagePipelineArn").asText(null));
      return json(200, Map.of(), state.handle(operation, input));
    } catch (ImageBuilderError e) {
      ObjectNode error = JSON.createObjectNode().put("message", e.getMessage());
      return json(e.httpStatus(), Map.of("x-amzn-ErrorType", e.code()), error);
    }
  }

  private void injectedFault(String operation, String pipelineArn) {
    Deque<String> queue = nextFaults.get(operation);
    String code = queue == null ? null : queue.poll();
    if (code == null) {
      code = standingFaults.stream()
          .filter(f -> f.operation().equals(operation))
          .filter(f -> f.imagePipelineArn() == null || f.imagePipelineArn().equals(pipelineArn))
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

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
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

  private record StandingFault(String operation, String imagePipelineArn, String errorCode) {}

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
