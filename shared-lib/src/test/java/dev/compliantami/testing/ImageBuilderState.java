package dev.compliantami.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compliantami.testing.ImageBuilderStub.AmiSeed;
import dev.compliantami.testing.ImageBuilderStub.ComponentSeed;
import dev.compliantami.testing.ImageBuilderStub.FindingSeed;
import dev.compliantami.testing.ImageBuilderStub.ImageSeed;
import dev.compliantami.testing.ImageBuilderStub.InfrastructureSeed;
import dev.compliantami.testing.ImageBuilderStub.PipelineSeed;
import dev.compliantami.testing.ImageBuilderStub.RecipeComponent;
import dev.compliantami.testing.ImageBuilderStub.RecipeSeed;
import dev.compliantami.testing.ImageBuilderStub.StartedBuild;
import dev.compliantami.testing.ImageBuilderStub.StateSeed;
import java.math.BigDecimal;
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
import java.util.regex.Pattern;

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
  /** The filter names the ListImageScanFindings documentation lists. */
  private static final Set<String> FINDING_FILTERS =
      Set.of("imageBuildVersionArn", "imagePipelineArn", "vulnerabilityId", "severity");
  /** GetImage's {@code imageBuildVersionArn} member (model shape ImageVersionArnOrBuildVersionArn). */
  private static final Pattern IMAGE_VERSION_OR_BUILD_VERSION_ARN = Pattern.compile(
      "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):image/[a-z0-9-_]+/"
          + "(?:(?:([0-9]+|x)\\.([0-9]+|x)\\.([0-9]+|x))|(?:[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+))$");
  private static final Pattern BUILD_VERSION_ARN = Pattern.compile(".*:image/[^/]+/[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$");

  private final Map<String, PipelineSeed> pipelines = new LinkedHashMap<>();
  private final Map<String, String> pipelineCreated = new HashMap<>();
  private final Map<String, RecipeSeed> recipes = new LinkedHashMap<>();
  private final List<ComponentSeed> components = new ArrayList<>();
  private final Map<String, StartedBuild> buildsByToken = new HashMap<>();
  private final List<StartedBuild> builds = new ArrayList<>();
  private final Map<String, Integer> buildNumbers = new HashMap<>();
  private final Map<String, ImageSeed> images = new LinkedHashMap<>();
  private final List<FindingSeed> findings = new ArrayList<>();
  private int vulnerabilityIds;
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
    images.clear();
    findings.clear();
    vulnerabilityIds = 0;
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

  void add(ImageSeed image) {
    images.put(image.arn(), image);
  }

  void add(FindingSeed finding) {
    findings.add(finding);
  }

  PipelineSeed pipeline(String arn) {
    return pipelines.get(arn);
  }

  ImageSeed image(String arn) {
    return images.get(arn);
  }

  /** The source pipeline of a known image or started build, or null. */
  String pipelineOfImage(String imageBuildVersionArn) {
    ImageSeed image = images.get(imageBuildVersionArn);
    if (image != null && image.sourcePipelineArn() != null) {
      return image.sourcePipelineArn();
    }
    return builds.stream()
        .filter(b -> b.imageBuildVersionArn().equals(imageBuildVersionArn))
        .map(StartedBuild::imagePipelineArn)
        .findFirst()
        .orElse(null);
  }

  String nextVulnerabilityId() {
    vulnerabilityIds++;
    return "CVE-2024-" + (10000 + vulnerabilityIds);
  }

  List<StartedBuild> builds() {
    return List.copyOf(builds);
  }

  void finishBuild(String imageBuildVersionArn, String status) {
    StartedBuild build = builds.stream()
        .filter(b -> b.imageBuildVersionArn().equals(imageBuildVersionArn))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No build started with ARN " + imageBuildVersionArn));
    ImageSeed image = images.get(imageBuildVersionArn);
    if (image == null) {
      image = ImageSeed.building(imageBuildVersionArn, build.imagePipelineArn(), recipeOf(build.imagePipelineArn()));
    }
    image = image.withState(status, null);
    if (status.equals("AVAILABLE") && image.amis().isEmpty()) {
      String amiId = "ami-" + UUID.nameUUIDFromBytes(imageBuildVersionArn.getBytes(StandardCharsets.UTF_8))
          .toString().replace("-", "").substring(0, 17);
      image = image.withAmis(List.of(new AmiSeed(Arns.region(imageBuildVersionArn), amiId,
          image.name() + " " + image.version().replace('/', '-'), null, "AVAILABLE", null)));
    }
    images.put(imageBuildVersionArn, image);
    PipelineSeed pipeline = pipelines.get(build.imagePipelineArn());
    if (pipeline != null) {
      pipelines.put(pipeline.arn(), pipeline.withLastRunStatus(status));
    }
  }

  private RecipeSeed recipeOf(String pipelineArn) {
    PipelineSeed pipeline = pipelines.get(pipelineArn);
    return pipeline == null || pipeline.imageRecipeArn() == null ? null : recipes.get(pipeline.imageRecipeArn());
  }

  ObjectNode handle(String operation, JsonNode input) {
    return switch (operation) {
      case ImageBuilderStub.LIST_IMAGE_PIPELINES -> listImagePipelines(input);
      case ImageBuilderStub.GET_IMAGE_PIPELINE -> getImagePipeline(input);
      case ImageBuilderStub.GET_IMAGE_RECIPE -> getImageRecipe(input);
      case ImageBuilderStub.START_IMAGE_PIPELINE_EXECUTION -> startImagePipelineExecution(input);
      case ImageBuilderStub.LIST_COMPONENTS -> listComponents(input);
      case ImageBuilderStub.GET_IMAGE -> getImage(input);
      case ImageBuilderStub.LIST_IMAGE_SCAN_FINDINGS -> listImageScanFindings(input);
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
    ObjectNode out = response();
    out.set("imageRecipe", recipeJson(recipe));
    return out;
  }

  private static ObjectNode recipeJson(RecipeSeed recipe) {
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
    return r;
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
    images.putIfAbsent(buildArn, ImageSeed.building(buildArn, pipelineArn, recipeOf(pipelineArn)));
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

  private ObjectNode getImage(JsonNode input) {
    String arn = required(input, "imageBuildVersionArn");
    if (!IMAGE_VERSION_OR_BUILD_VERSION_ARN.matcher(arn).matches()) {
      throw new ImageBuilderError("InvalidParameterValueException", "The value supplied for parameter "
          + "'imageBuildVersionArn' is not valid. 'imageBuildVersionArn' must match pattern "
          + IMAGE_VERSION_OR_BUILD_VERSION_ARN.pattern());
    }
    if (!BUILD_VERSION_ARN.matcher(arn).matches()) {
      throw new ImageBuilderError("InvalidRequestException",
          "ImageBuilderStub does not implement GetImage with a version ARN; pass a build-version ARN: " + arn);
    }
    ImageSeed image = images.get(arn);
    if (image == null) {
      throw new ImageBuilderError("ResourceNotFoundException", "The image " + arn + " does not exist.");
    }
    ObjectNode out = response();
    out.set("image", imageJson(image));
    return out;
  }

  private ObjectNode listImageScanFindings(JsonNode input) {
    JsonNode filterList = input.get("filters");
    if (filterList != null && !filterList.isNull()) {
      if (filterList.size() != 1) {
        throw new ImageBuilderError("InvalidParameterValueException", "The value supplied for parameter 'filters' "
            + "is not valid. 'filters' must contain exactly 1 item, not " + filterList.size() + ".");
      }
      if (filterList.get(0).path("values").size() != 1) {
        throw new ImageBuilderError("InvalidParameterValueException", "The value supplied for parameter "
            + "'filters.values' is not valid. 'values' must contain exactly 1 item.");
      }
    }
    Map<String, List<String>> filters = filters(input, FINDING_FILTERS);
    List<FindingSeed> matching = new ArrayList<>();
    for (FindingSeed f : findings) {
      Map<String, String> fields = new HashMap<>();
      fields.put("imageBuildVersionArn", f.imageBuildVersionArn());
      fields.put("imagePipelineArn", f.imagePipelineArn());
      fields.put("vulnerabilityId", f.vulnerabilityId());
      fields.put("severity", f.severity());
      if (matches(filters, fields)) {
        matching.add(f);
      }
    }
    return page(input, matching, "findings", ImageBuilderState::findingJson);
  }

  private static ObjectNode imageJson(ImageSeed image) {
    ObjectNode n = JSON.createObjectNode();
    n.put("arn", image.arn());
    n.put("type", "AMI");
    n.put("name", image.name());
    n.put("version", image.version());
    n.put("platform", image.platform());
    n.put("enhancedImageMetadataEnabled", true);
    if (image.osVersion() != null) {
      n.put("osVersion", image.osVersion());
    }
    n.set("state", stateJson(image.state()));
    if (image.imageRecipe() != null) {
      n.set("imageRecipe", recipeJson(image.imageRecipe()));
    }
    if (image.sourcePipelineArn() != null) {
      n.put("sourcePipelineName", Arns.name(image.sourcePipelineArn()));
      n.put("sourcePipelineArn", image.sourcePipelineArn());
    }
    InfrastructureSeed infra = image.infrastructureConfiguration();
    if (infra != null) {
      ObjectNode i = n.putObject("infrastructureConfiguration");
      i.put("arn", infra.arn());
      i.put("name", infra.name());
      if (infra.s3BucketName() != null) {
        ObjectNode s3 = i.putObject("logging").putObject("s3Logs");
        s3.put("s3BucketName", infra.s3BucketName());
        if (infra.s3KeyPrefix() != null) {
          s3.put("s3KeyPrefix", infra.s3KeyPrefix());
        }
      }
    }
    n.putObject("imageTestsConfiguration")
        .put("imageTestsEnabled", image.imageTestsEnabled())
        .put("timeoutMinutes", image.testTimeoutMinutes());
    n.put("dateCreated", image.dateCreated());
    ArrayNode amis = n.putObject("outputResources").putArray("amis");
    for (AmiSeed ami : image.amis()) {
      ObjectNode a = amis.addObject();
      a.put("region", ami.region());
      a.put("image", ami.image());
      if (ami.name() != null) {
        a.put("name", ami.name());
      }
      if (ami.description() != null) {
        a.put("description", ami.description());
      }
      a.putObject("state").put("status", ami.status());
      a.put("accountId", ami.accountId() != null ? ami.accountId() : Arns.account(image.arn()));
    }
    n.set("tags", JSON.valueToTree(image.tags()));
    n.put("buildType", image.buildType());
    if (image.scanState() != null) {
      n.set("scanState", stateJson(image.scanState()));
    }
    n.putObject("imageScanningConfiguration").put("imageScanningEnabled", image.imageScanningEnabled());
    if (!image.workflowArns().isEmpty()) {
      ArrayNode workflows = n.putArray("workflows");
      image.workflowArns().forEach(w -> workflows.addObject().put("workflowArn", w));
    }
    if (image.logGroupName() != null) {
      n.putObject("loggingConfiguration").put("logGroupName", image.logGroupName());
    }
    return n;
  }

  private static ObjectNode stateJson(StateSeed state) {
    ObjectNode s = JSON.createObjectNode().put("status", state.status());
    if (state.reason() != null) {
      s.put("reason", state.reason());
    }
    return s;
  }

  private static ObjectNode findingJson(FindingSeed f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("awsAccountId", f.awsAccountId());
    n.put("imageBuildVersionArn", f.imageBuildVersionArn());
    if (f.imagePipelineArn() != null) {
      n.put("imagePipelineArn", f.imagePipelineArn());
    }
    n.put("type", "PACKAGE_VULNERABILITY");
    n.put("description", f.description());
    n.put("title", f.title());
    if (f.remediationText() != null) {
      n.putObject("remediation").putObject("recommendation").put("text", f.remediationText());
    }
    n.put("severity", f.severity());
    n.put("firstObservedAt", epochSeconds(f.firstObservedAt()));
    n.put("updatedAt", epochSeconds(f.updatedAt()));
    n.put("inspectorScore", f.inspectorScore());
    ObjectNode details = n.putObject("packageVulnerabilityDetails");
    details.put("vulnerabilityId", f.vulnerabilityId());
    if (f.packageName() != null) {
      ObjectNode p = details.putArray("vulnerablePackages").addObject();
      p.put("name", f.packageName());
      if (f.packageVersion() != null) {
        p.put("version", f.packageVersion());
      }
      if (f.fixedInVersion() != null) {
        p.put("fixedInVersion", f.fixedInVersion());
      }
    }
    n.put("fixAvailable", f.fixAvailable());
    return n;
  }

  /** A payload timestamp as REST-JSON sends it: epoch seconds, with milliseconds as a fraction. */
  private static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
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

    /** The build number: the fourth segment of a build-version ARN. */
    static String build(String arn) {
      String[] path = part(arn, 5).split("/");
      if (path.length < 4) {
        throw new IllegalArgumentException("Not a build-version ARN: " + arn);
      }
      return path[3];
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
