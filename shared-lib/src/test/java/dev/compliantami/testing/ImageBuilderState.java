package dev.compliantami.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compliantami.testing.ImageBuilderStub.ComponentSeed;
import dev.compliantami.testing.ImageBuilderStub.PipelineSeed;
import dev.compliantami.testing.ImageBuilderStub.RecipeComponent;
import dev.compliantami.testing.ImageBuilderStub.RecipeSeed;
import dev.compliantami.testing.ImageBuilderStub.StartedBuild;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Image Builder resources the stub holds and the operations on them: JSON request members in, JSON response
 * members out, {@link ImageBuilderError} for service errors. Not thread-safe; {@link ImageBuilderStub} serialises
 * access.
 */
final class ImageBuilderState {

  static final int MAX_RESULTS_LIMIT = 25;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PIPELINE_FILTERS = Set.of("name", "status", "imageRecipeArn");
  private static final Set<String> COMPONENT_FILTERS = Set.of("name", "platform", "type", "version");

  private final Map<String, PipelineSeed> pipelines = new LinkedHashMap<>();
  private final Map<String, String> pipelineCreated = new HashMap<>();
  private final Map<String, RecipeSeed> recipes = new LinkedHashMap<>();
  private final List<ComponentSeed> components = new ArrayList<>();
  private final Map<String, StartedBuild> buildsByToken = new HashMap<>();
  private final List<StartedBuild> builds = new ArrayList<>();
  private final Map<String, Integer> buildNumbers = new HashMap<>();
  private int pageSize = MAX_RESULTS_LIMIT;

  void pageSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("page size must be at least 1: " + size);
    }
    this.pageSize = size;
  }

  void reset() {
    pipelines.clear();
    pipelineCreated.clear();
    recipes.clear();
    components.clear();
    buildsByToken.clear();
    builds.clear();
    buildNumbers.clear();
    pageSize = MAX_RESULTS_LIMIT;
  }

  void add(PipelineSeed pipeline) {
    pipelines.put(pipeline.arn(), pipeline);
    pipelineCreated.putIfAbsent(pipeline.arn(), Instant.now().toString());
  }

  void add(RecipeSeed recipe) {
    recipes.put(recipe.arn(), recipe);
  }

  void add(ComponentSeed component) {
    components.removeIf(c -> c.arn().equals(component.arn()));
    components.add(component);
  }

  PipelineSeed pipeline(String arn) {
    return pipelines.get(arn);
  }

  List<StartedBuild> builds() {
    return List.copyOf(builds);
  }

  void finishBuild(String imageBuildVersionArn, String status) {
    StartedBuild build = builds.stream()
        .filter(b -> b.imageBuildVersionArn().equals(imageBuildVersionArn))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No build started with ARN " + imageBuildVersionArn));
    PipelineSeed pipeline = pipelines.get(build.imagePipelineArn());
    if (pipeline != null) {
      pipelines.put(pipeline.arn(), pipeline.withLastRunStatus(status));
    }
  }

  ObjectNode handle(String operation, JsonNode input) {
    return switch (operation) {
      case ImageBuilderStub.LIST_IMAGE_PIPELINES -> listImagePipelines(input);
      case ImageBuilderStub.GET_IMAGE_PIPELINE -> getImagePipeline(input);
      case ImageBuilderStub.GET_IMAGE_RECIPE -> getImageRecipe(input);
      case ImageBuilderStub.START_IMAGE_PIPELINE_EXECUTION -> startImagePipelineExecution(input);
      case ImageBuilderStub.LIST_COMPONENTS -> listComponents(input);
      default -> throw new IllegalStateException("no handler for " + operation);
    };
  }

  private ObjectNode listImagePipelines(JsonNode input) {
    List<PipelineSeed> matching = new ArrayList<>();
    Map<String, List<String>> filters = filters(input, PIPELINE_FILTERS);
    for (PipelineSeed p : pipelines.values()) {
      Map<String, String> fields = new HashMap<>();
      fields.put("name", p.name());
      fields.put("status", p.status());
      fields.put("imageRecipeArn", p.imageRecipeArn());
      if (matches(filters, fields)) {
        matching.add(p);
      }
    }
    return page(input, matching, "imagePipelineList", this::pipelineJson);
  }

  private ObjectNode getImagePipeline(JsonNode input) {
    String arn = required(input, "imagePipelineArn");
    PipelineSeed pipeline = existingPipeline(arn);
    ObjectNode out = response();
    out.set("imagePipeline", pipelineJson(pipeline));
    return out;
  }

  private ObjectNode getImageRecipe(JsonNode input) {
    String arn = required(input, "imageRecipeArn");
    RecipeSeed recipe = recipes.get(arn);
    if (recipe == null) {
      throw new ImageBuilderError("ResourceNotFoundException", "The image recipe " + arn + " does not exist.");
    }
    ObjectNode r = JSON.createObjectNode();
    r.put("arn", recipe.arn());
    r.put("type", "AMI");
    r.put("name", recipe.name());
    r.put("platform", "Linux");
    r.put("owner", Arns.account(recipe.arn()));
    r.put("version", Arns.version(recipe.arn()));
    ArrayNode list = r.putArray("components");
    for (RecipeComponent c : recipe.components()) {
      ObjectNode component = list.addObject().put("componentArn", c.componentArn());
      if (!c.parameters().isEmpty()) {
        ArrayNode parameters = component.putArray("parameters");
        c.parameters().forEach((name, values) -> {
          ObjectNode parameter = parameters.addObject().put("name", name);
          values.forEach(parameter.putArray("value")::add);
        });
      }
    }
    r.put("parentImage", recipe.parentImage());
    r.put("dateCreated", "2024-01-01T00:00:00.000Z");
    r.set("tags", JSON.valueToTree(recipe.tags()));
    ObjectNode out = response();
    out.set("imageRecipe", r);
    return out;
  }

  private ObjectNode startImagePipelineExecution(JsonNode input) {
    String pipelineArn = required(input, "imagePipelineArn");
    String clientToken = required(input, "clientToken");
    Map<String, String> tags = input.has("tags")
        ? JSON.convertValue(input.get("tags"), JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class))
        : Map.of();
    StartedBuild earlier = buildsByToken.get(clientToken);
    if (earlier != null) {
      if (!earlier.imagePipelineArn().equals(pipelineArn) || !earlier.tags().equals(tags)) {
        throw new ImageBuilderError("IdempotentParameterMismatchException",
            "The client token " + clientToken + " was already used with different request parameters.");
      }
      return startResponse(earlier);
    }
    PipelineSeed pipeline = existingPipeline(pipelineArn);
    int number = buildNumbers.merge(pipelineArn, 1, Integer::sum);
    String buildArn = "arn:aws:imagebuilder:" + Arns.region(pipelineArn) + ":" + Arns.account(pipelineArn)
        + ":image/" + pipeline.name() + "/1.0.0/" + number;
    StartedBuild build = new StartedBuild(buildArn, pipelineArn, clientToken, Map.copyOf(tags));
    buildsByToken.put(clientToken, build);
    builds.add(build);
    pipelines.put(pipelineArn, pipeline.withLastRunStatus("BUILDING"));
    return startResponse(build);
  }

  private ObjectNode listComponents(JsonNode input) {
    String owner = input.path("owner").asText("Self");
    if (input.path("byName").asBoolean(false)) {
      throw new ImageBuilderError("InvalidRequestException", "ImageBuilderStub does not implement byName=true.");
    }
    Map<String, List<String>> filters = filters(input, COMPONENT_FILTERS);
    List<ComponentSeed> matching = new ArrayList<>();
    for (ComponentSeed c : components) {
      Map<String, String> fields = Map.of(
          "name", c.name(), "platform", c.platform(), "type", c.type(), "version", c.version());
      if (c.ownership().equals(owner) && matches(filters, fields)) {
        matching.add(c);
      }
    }
    return page(input, matching, "componentVersionList", this::componentJson);
  }

  private ObjectNode pipelineJson(PipelineSeed p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("arn", p.arn());
    n.put("name", p.name());
    n.put("platform", "Linux");
    n.put("enhancedImageMetadataEnabled", true);
    if (p.imageRecipeArn() != null) {
      n.put("imageRecipeArn", p.imageRecipeArn());
    }
    n.put("infrastructureConfigurationArn", "arn:aws:imagebuilder:" + Arns.region(p.arn()) + ":"
        + Arns.account(p.arn()) + ":infrastructure-configuration/" + p.name());
    n.put("status", p.status());
    n.put("dateCreated", pipelineCreated.get(p.arn()));
    if (p.lastRunStatus() != null) {
      n.put("lastRunStatus", p.lastRunStatus());
    }
    n.set("tags", JSON.valueToTree(p.tags()));
    return n;
  }

  private ObjectNode componentJson(ComponentSeed c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("arn", c.arn());
    n.put("name", c.name());
    n.put("version", c.version());
    if (c.description() != null) {
      n.put("description", c.description());
    }
    n.put("platform", c.platform());
    n.put("type", c.type());
    n.put("owner", c.ownership().equals("Amazon") ? "Amazon" : Arns.account(c.arn()));
    n.put("dateCreated", "2024-01-01T00:00:00.000Z");
    n.put("status", c.status());
    return n;
  }

  private PipelineSeed existingPipeline(String arn) {
    PipelineSeed pipeline = pipelines.get(arn);
    if (pipeline == null) {
      throw new ImageBuilderError("ResourceNotFoundException", "The image pipeline " + arn + " does not exist.");
    }
    return pipeline;
  }

  private static ObjectNode startResponse(StartedBuild build) {
    ObjectNode out = response();
    out.put("clientToken", build.clientToken());
    out.put("imageBuildVersionArn", build.imageBuildVersionArn());
    return out;
  }

  private <T> ObjectNode page(JsonNode input, List<T> items, String listMember, Function<T, ObjectNode> toJson) {
    int maxResults = MAX_RESULTS_LIMIT;
    if (input.hasNonNull("maxResults")) {
      maxResults = input.get("maxResults").asInt();
      if (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
        throw new ImageBuilderError("InvalidRequestException",
            "maxResults must be between 1 and " + MAX_RESULTS_LIMIT + ": " + maxResults);
      }
    }
    int offset = input.hasNonNull("nextToken") ? offset(input.get("nextToken").asText(), items.size()) : 0;
    int end = Math.min(items.size(), offset + Math.min(maxResults, pageSize));
    ObjectNode out = response();
    ArrayNode list = out.putArray(listMember);
    items.subList(offset, end).forEach(item -> list.add(toJson.apply(item)));
    if (end < items.size()) {
      out.put("nextToken", token(end));
    }
    return out;
  }

  private static String token(int offset) {
    return Base64.getEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token, int size) {
    try {
      String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      if (!decoded.startsWith("offset:")) {
        throw new IllegalArgumentException(decoded);
      }
      int offset = Integer.parseInt(decoded.substring("offset:".length()));
      if (offset < 0 || offset > size) {
        throw new IllegalArgumentException(decoded);
      }
      return offset;
    } catch (RuntimeException e) {
      throw new ImageBuilderError("InvalidPaginationTokenException", "The nextToken is not valid: " + token);
    }
  }

  private static Map<String, List<String>> filters(JsonNode input, Set<String> supported) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    for (JsonNode f : input.path("filters")) {
      String name = f.path("name").asText();
      if (!supported.contains(name)) {
        throw new ImageBuilderError("InvalidRequestException",
            "ImageBuilderStub does not implement the filter '" + name + "' (it implements " + supported + ").");
      }
      List<String> values = new ArrayList<>();
      f.path("values").forEach(v -> values.add(v.asText()));
      filters.put(name, values);
    }
    return filters;
  }

  private static boolean matches(Map<String, List<String>> filters, Map<String, String> fields) {
    return filters.entrySet().stream().allMatch(f -> f.getValue().contains(fields.get(f.getKey())));
  }

  private static String required(JsonNode input, String member) {
    JsonNode value = input.get(member);
    if (value == null || value.isNull() || value.asText().isEmpty()) {
      throw new ImageBuilderError("InvalidRequestException", "The request is missing the member " + member + ".");
    }
    return value.asText();
  }

  private static ObjectNode response() {
    return JSON.createObjectNode().put("requestId", UUID.randomUUID().toString());
  }

  /** ARN fields: {@code arn:aws:imagebuilder:<region>:<account>:<type>/<name>[/<version>[/<build>]]}. */
  static final class Arns {
    private Arns() {}

    static String region(String arn) {
      return part(arn, 3);
    }

    static String account(String arn) {
      return part(arn, 4);
    }

    /** The resource name: the segment after the resource type. */
    static String name(String arn) {
      String[] path = part(arn, 5).split("/");
      return path.length > 1 ? path[1] : "";
    }

    static String version(String arn) {
      String[] path = part(arn, 5).split("/");
      return path.length > 2 ? path[2] : "1.0.0";
    }

    private static String part(String arn, int index) {
      String[] parts = arn.split(":", 6);
      if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("imagebuilder")) {
        throw new IllegalArgumentException("Not an Image Builder ARN: " + arn);
      }
      return parts[index];
    }
  }
}
