package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.testing.ImageBuilderStub.AmiSeed;
import dev.compliantami.testing.ImageBuilderStub.ComponentSeed;
import dev.compliantami.testing.ImageBuilderStub.FindingSeed;
import dev.compliantami.testing.ImageBuilderStub.ImageSeed;
import dev.compliantami.testing.ImageBuilderStub.PipelineSeed;
import dev.compliantami.testing.ImageBuilderStub.RecipeComponent;
import dev.compliantami.testing.ImageBuilderStub.RecipeSeed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.CallRateLimitExceededException;
import software.amazon.awssdk.services.imagebuilder.model.ComponentVersion;
import software.amazon.awssdk.services.imagebuilder.model.Filter;
import software.amazon.awssdk.services.imagebuilder.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.imagebuilder.model.Ami;
import software.amazon.awssdk.services.imagebuilder.model.BuildType;
import software.amazon.awssdk.services.imagebuilder.model.GetImageResponse;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanFinding;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanFindingsFilter;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanStatus;
import software.amazon.awssdk.services.imagebuilder.model.ImageType;
import software.amazon.awssdk.services.imagebuilder.model.InvalidParameterValueException;
import software.amazon.awssdk.services.imagebuilder.model.ListImageScanFindingsResponse;
import software.amazon.awssdk.services.imagebuilder.model.Platform;
import software.amazon.awssdk.services.imagebuilder.model.ImageRecipe;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.ImagebuilderException;
import software.amazon.awssdk.services.imagebuilder.model.InvalidRequestException;
import software.amazon.awssdk.services.imagebuilder.model.ListImagePipelinesResponse;
import software.amazon.awssdk.services.imagebuilder.model.Ownership;
import software.amazon.awssdk.services.imagebuilder.model.PipelineStatus;
import software.amazon.awssdk.services.imagebuilder.model.ResourceInUseException;
import software.amazon.awssdk.services.imagebuilder.model.ResourceNotFoundException;
import software.amazon.awssdk.services.imagebuilder.model.ServiceUnavailableException;
import software.amazon.awssdk.services.imagebuilder.model.StartImagePipelineExecutionResponse;

class ImageBuilderStubTest {

  private static final String RECIPE = ImageBuilderStub.recipeArn("al2023-stig", "1.2.0");
  private static final String STIG = "arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux/1.0.x";

  private static ImageBuilderStub stub;
  private static ImagebuilderClient client;

  @BeforeAll
  static void startStub() {
    stub = new ImageBuilderStub().start();
    client = clientFor(stub, o -> {});
  }

  private static ImagebuilderClient clientFor(
      ImageBuilderStub stub, Consumer<ClientOverrideConfiguration.Builder> overrides) {
    return ImagebuilderClient.builder()
        .endpointOverride(URI.create(stub.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(overrides)
        .build();
  }

  @AfterAll
  static void stopStub() {
    client.close();
    stub.close();
  }

  @BeforeEach
  void resetStub() {
    stub.reset();
  }

  @Test
  void listsPipelinesAcrossPagesWithTheSdkPaginator() {
    for (int i = 1; i <= 7; i++) {
      stub.addPipeline(PipelineSeed.enabled(ImageBuilderStub.pipelineArn("pipe-" + i), RECIPE));
    }
    stub.pageSize(3);

    List<ImagePipeline> all = client.listImagePipelinesPaginator(r -> r.maxResults(25))
        .imagePipelineList().stream().toList();

    assertThat(all).extracting(ImagePipeline::name)
        .containsExactly("pipe-1", "pipe-2", "pipe-3", "pipe-4", "pipe-5", "pipe-6", "pipe-7");
    assertThat(stub.requests(ImageBuilderStub.LIST_IMAGE_PIPELINES)).hasSize(3);
    assertThat(stub.requests(ImageBuilderStub.LIST_IMAGE_PIPELINES).get(1).member("nextToken")).isNotBlank();
    assertThat(stub.requests(ImageBuilderStub.LIST_IMAGE_PIPELINES).get(0).httpMethod()).isEqualTo("POST");
  }

  @Test
  void maxResultsSmallerThanThePageSizeWins() {
    for (int i = 1; i <= 3; i++) {
      stub.addPipeline(PipelineSeed.enabled(ImageBuilderStub.pipelineArn("pipe-" + i), RECIPE));
    }

    ListImagePipelinesResponse first = client.listImagePipelines(r -> r.maxResults(2));

    assertThat(first.imagePipelineList()).hasSize(2);
    assertThat(first.nextToken()).isNotNull();
    assertThat(client.listImagePipelines(r -> r.nextToken(first.nextToken())).imagePipelineList())
        .extracting(ImagePipeline::name).containsExactly("pipe-3");
  }

  @Test
  void filtersPipelinesByStatus() {
    stub.addPipeline(PipelineSeed.enabled(ImageBuilderStub.pipelineArn("on"), RECIPE));
    stub.addPipeline(new PipelineSeed(ImageBuilderStub.pipelineArn("off"), "off", "DISABLED", Map.of(), RECIPE, null));

    List<ImagePipeline> enabled = client.listImagePipelines(
        r -> r.filters(Filter.builder().name("status").values("ENABLED").build())).imagePipelineList();

    assertThat(enabled).extracting(ImagePipeline::name).containsExactly("on");
    assertThatThrownBy(() -> client.listImagePipelines(
            r -> r.filters(Filter.builder().name("description").values("x").build())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not implement the filter 'description'");
  }

  @Test
  void getsAPipelineWithItsTagsAndState() {
    String arn = ImageBuilderStub.pipelineArn("golden-al2023");
    stub.addPipeline(new PipelineSeed(arn, "golden-al2023", "ENABLED", Map.of("compliance", "stig-high"), RECIPE,
        "AVAILABLE"));

    ImagePipeline pipeline = client.getImagePipeline(r -> r.imagePipelineArn(arn)).imagePipeline();

    assertThat(pipeline.arn()).isEqualTo(arn);
    assertThat(pipeline.status()).isEqualTo(PipelineStatus.ENABLED);
    assertThat(pipeline.lastRunStatus()).isEqualTo(ImageStatus.AVAILABLE);
    assertThat(pipeline.imageRecipeArn()).isEqualTo(RECIPE);
    assertThat(pipeline.tags()).containsEntry("compliance", "stig-high");
    assertThat(stub.requests(ImageBuilderStub.GET_IMAGE_PIPELINE).get(0).queryParameters())
        .containsEntry("imagePipelineArn", arn);
  }

  @Test
  void getsARecipeWithComponentsAndParameters() {
    String scap = "arn:aws:imagebuilder:us-east-1:aws:component/scap-compliance-checker-linux/x.x.x";
    stub.addRecipe(new RecipeSeed(RECIPE, "al2023-stig", "ami-0123456789abcdef0",
        List.of(new RecipeComponent(STIG, Map.of("Level", List.of("High"))), RecipeComponent.of(scap)),
        Map.of("team", "platform")));

    ImageRecipe recipe = client.getImageRecipe(r -> r.imageRecipeArn(RECIPE)).imageRecipe();

    assertThat(recipe.arn()).isEqualTo(RECIPE);
    assertThat(recipe.name()).isEqualTo("al2023-stig");
    assertThat(recipe.version()).isEqualTo("1.2.0");
    assertThat(recipe.parentImage()).isEqualTo("ami-0123456789abcdef0");
    assertThat(recipe.components()).hasSize(2);
    assertThat(recipe.components().get(0).componentArn()).isEqualTo(STIG);
    assertThat(recipe.components().get(0).parameters().get(0).name()).isEqualTo("Level");
    assertThat(recipe.components().get(0).parameters().get(0).value()).containsExactly("High");
    assertThat(recipe.components().get(1).componentArn()).isEqualTo(scap);
    assertThat(recipe.tags()).containsEntry("team", "platform");
  }

  @Test
  void startIsIdempotentOnTheClientToken() {
    String arn = ImageBuilderStub.pipelineArn("golden-al2023");
    stub.addPipeline(PipelineSeed.enabled(arn, RECIPE));

    StartImagePipelineExecutionResponse first =
        client.startImagePipelineExecution(r -> r.imagePipelineArn(arn).clientToken("event-1"));
    StartImagePipelineExecutionResponse again =
        client.startImagePipelineExecution(r -> r.imagePipelineArn(arn).clientToken("event-1"));

    assertThat(first.imageBuildVersionArn())
        .isEqualTo("arn:aws:imagebuilder:us-east-1:123456789012:image/golden-al2023/1.0.0/1");
    assertThat(first.clientToken()).isEqualTo("event-1");
    assertThat(again.imageBuildVersionArn()).isEqualTo(first.imageBuildVersionArn());
    assertThat(stub.startedBuilds()).hasSize(1);
    assertThat(stub.mutatingRequests()).hasSize(2);
    assertThat(stub.mutatingRequests().get(0).httpMethod()).isEqualTo("PUT");
    assertThat(stub.pipeline(arn).lastRunStatus()).isEqualTo("BUILDING");

    String second = client.startImagePipelineExecution(r -> r.imagePipelineArn(arn).clientToken("event-2"))
        .imageBuildVersionArn();
    assertThat(second).endsWith("/golden-al2023/1.0.0/2");

    stub.completeBuild(second);
    assertThat(client.getImagePipeline(r -> r.imagePipelineArn(arn)).imagePipeline().lastRunStatus())
        .isEqualTo(ImageStatus.AVAILABLE);
  }

  @Test
  void sameTokenForAnotherPipelineIsAMismatch() {
    String a = ImageBuilderStub.pipelineArn("a");
    String b = ImageBuilderStub.pipelineArn("b");
    stub.addPipeline(PipelineSeed.enabled(a, RECIPE)).addPipeline(PipelineSeed.enabled(b, RECIPE));
    client.startImagePipelineExecution(r -> r.imagePipelineArn(a).clientToken("token"));

    assertThatThrownBy(() -> client.startImagePipelineExecution(r -> r.imagePipelineArn(b).clientToken("token")))
        .isInstanceOfSatisfying(IdempotentParameterMismatchException.class,
            e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(stub.startedBuilds()).hasSize(1);
  }

  @Test
  void unknownPipelineIsResourceNotFound() {
    String missing = ImageBuilderStub.pipelineArn("missing");

    assertThatThrownBy(() -> client.startImagePipelineExecution(r -> r.imagePipelineArn(missing).clientToken("t")))
        .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorMessage()).contains(missing);
        });
    assertThatThrownBy(() -> client.getImagePipeline(r -> r.imagePipelineArn(missing)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void injectedResourceInUseIsTypedAndLimitedToItsPipeline() {
    String busy = ImageBuilderStub.pipelineArn("busy");
    String idle = ImageBuilderStub.pipelineArn("idle");
    stub.addPipeline(PipelineSeed.enabled(busy, RECIPE)).addPipeline(PipelineSeed.enabled(idle, RECIPE));
    stub.failAlways(ImageBuilderStub.START_IMAGE_PIPELINE_EXECUTION, busy, "ResourceInUseException");

    assertThatThrownBy(() -> client.startImagePipelineExecution(r -> r.imagePipelineArn(busy).clientToken("t1")))
        .isInstanceOfSatisfying(ResourceInUseException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(client.startImagePipelineExecution(r -> r.imagePipelineArn(idle).clientToken("t2"))
        .imageBuildVersionArn()).contains("/idle/");
    assertThat(stub.requests(ImageBuilderStub.START_IMAGE_PIPELINE_EXECUTION)).hasSize(2);
  }

  @Test
  void aSingleThrottleIsRetriedByTheSdk() {
    String arn = ImageBuilderStub.pipelineArn("golden");
    stub.addPipeline(PipelineSeed.enabled(arn, RECIPE));
    stub.failNext(ImageBuilderStub.START_IMAGE_PIPELINE_EXECUTION, "CallRateLimitExceededException", 1);

    StartImagePipelineExecutionResponse response =
        client.startImagePipelineExecution(r -> r.imagePipelineArn(arn).clientToken("t"));

    assertThat(response.imageBuildVersionArn()).endsWith("/golden/1.0.0/1");
    assertThat(stub.mutatingRequests()).hasSize(2);
    assertThat(stub.startedBuilds()).hasSize(1);
  }

  @Test
  void aSingleUnavailableIsRetriedByTheSdk() {
    stub.failNext(ImageBuilderStub.LIST_IMAGE_PIPELINES, "ServiceUnavailableException", 1);

    assertThat(client.listImagePipelines(r -> {}).imagePipelineList()).isEmpty();
    assertThat(stub.requests(ImageBuilderStub.LIST_IMAGE_PIPELINES)).hasSize(2);
  }

  @Test
  void throttlingAndUnavailabilitySurfaceAsTypedExceptionsWhenNotRetried() {
    try (ImagebuilderClient noRetries = clientFor(stub, o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
      stub.failAlways(ImageBuilderStub.LIST_IMAGE_PIPELINES, null, "CallRateLimitExceededException");
      assertThatThrownBy(() -> noRetries.listImagePipelines(r -> {}))
          .isInstanceOfSatisfying(CallRateLimitExceededException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.isThrottlingException()).isTrue();
          });

      stub.clearFaults().failNext(ImageBuilderStub.LIST_IMAGE_PIPELINES, "ServiceUnavailableException", 1);
      assertThatThrownBy(() -> noRetries.listImagePipelines(r -> {}))
          .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
      assertThat(noRetries.listImagePipelines(r -> {}).imagePipelineList()).isEmpty();
      assertThat(stub.requests()).hasSize(3);
    }
  }

  @Test
  void listsComponentsByOwnerAcrossPages() {
    stub.addComponent(ComponentSeed.amazon("stig-build-linux", "1.0.0"))
        .addComponent(ComponentSeed.amazon("stig-build-linux", "1.0.1"))
        .addComponent(ComponentSeed.amazon("scap-compliance-checker-linux", "2025.1.0"))
        .addComponent(new ComponentSeed("arn:aws:imagebuilder:us-east-1:123456789012:component/mine/1.0.0/1",
            "mine", "1.0.0", "Self", null, null, null, null))
        .pageSize(2);

    List<ComponentVersion> amazon = client.listComponentsPaginator(r -> r.owner(Ownership.AMAZON))
        .componentVersionList().stream().toList();
    List<ComponentVersion> stig = client.listComponents(r -> r.owner(Ownership.AMAZON)
        .filters(Filter.builder().name("name").values("stig-build-linux").build())).componentVersionList();

    assertThat(amazon).extracting(ComponentVersion::name)
        .containsExactly("stig-build-linux", "stig-build-linux", "scap-compliance-checker-linux");
    assertThat(amazon.get(0).owner()).isEqualTo("Amazon");
    assertThat(amazon.get(0).statusAsString()).isEqualTo("ACTIVE");
    assertThat(stig).extracting(ComponentVersion::version).containsExactly("1.0.0", "1.0.1");
    assertThat(client.listComponents(r -> {}).componentVersionList()).extracting(ComponentVersion::name)
        .containsExactly("mine");
  }

  @Test
  void unimplementedOperationsFailLoudly() {
    assertThatThrownBy(() -> client.listImages(r -> {}))
        .isInstanceOfSatisfying(ImagebuilderException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
        });
    assertThatThrownBy(() -> stub.failNext("ListImages", "ServiceException", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stub.failNext(ImageBuilderStub.LIST_COMPONENTS, "NoSuchError", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- GetImage

  private static final String PIPELINE = ImageBuilderStub.pipelineArn("golden-al2023");
  private static final String IMAGE = ImageBuilderStub.imageArn("golden-al2023", "1.2.0", 3);

  private static RecipeSeed stigRecipe() {
    return new RecipeSeed(RECIPE, "al2023-stig", "ami-0123456789abcdef0",
        List.of(new RecipeComponent(STIG, Map.of("Level", List.of("High"), "InstallPackages", List.of("No"))),
            RecipeComponent.of("arn:aws:imagebuilder:us-east-1:aws:component/scap-compliance-checker-linux/x.x.x")),
        Map.of("team", "platform"));
  }

  @Test
  void getImageRoundTripsEverySeededField() {
    stub.addImage(ImageSeed.available(IMAGE, PIPELINE, stigRecipe(),
            new AmiSeed("us-east-1", "ami-0aaaaaaaaaaaaaaa1", "golden-al2023 1.2.0-3", "STIG high", "AVAILABLE", null),
            new AmiSeed("eu-west-1", "ami-0bbbbbbbbbbbbbbb2", "golden-al2023 1.2.0-3", null, "AVAILABLE",
                "210987654321"))
        .withOs("Linux", "Amazon Linux 2023")
        .withTags(Map.of("compliance", "stig-high", "compliant-ami:managed", "true"))
        .withTests(true, 90)
        .withScanState("COMPLETED", "Scan finished")
        .withLogs("build-logs-bucket", "imagebuilder/golden")
        .withLogGroup("/aws/imagebuilder/golden-al2023")
        .withBuildType("SCHEDULED")
        .withDateCreated("2026-01-18T17:50:56.123Z")
        .withWorkflows("arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.2/1"));

    GetImageResponse response = client.getImage(r -> r.imageBuildVersionArn(IMAGE));
    Image image = response.image();

    assertThat(response.requestId()).isNotBlank();
    assertThat(image.arn()).isEqualTo(IMAGE);
    assertThat(image.type()).isEqualTo(ImageType.AMI);
    assertThat(image.name()).isEqualTo("golden-al2023");
    assertThat(image.version()).isEqualTo("1.2.0/3");
    assertThat(image.platform()).isEqualTo(Platform.LINUX);
    assertThat(image.osVersion()).isEqualTo("Amazon Linux 2023");
    assertThat(image.state().status()).isEqualTo(ImageStatus.AVAILABLE);
    assertThat(image.sourcePipelineArn()).isEqualTo(PIPELINE);
    assertThat(image.sourcePipelineName()).isEqualTo("golden-al2023");
    assertThat(image.buildType()).isEqualTo(BuildType.SCHEDULED);
    assertThat(image.dateCreated()).isEqualTo("2026-01-18T17:50:56.123Z");
    assertThat(image.tags()).containsOnly(Map.entry("compliance", "stig-high"),
        Map.entry("compliant-ami:managed", "true"));

    assertThat(image.imageRecipe().arn()).isEqualTo(RECIPE);
    assertThat(image.imageRecipe().name()).isEqualTo("al2023-stig");
    assertThat(image.imageRecipe().parentImage()).isEqualTo("ami-0123456789abcdef0");
    assertThat(image.imageRecipe().tags()).containsEntry("team", "platform");
    assertThat(image.imageRecipe().components()).hasSize(2);
    assertThat(image.imageRecipe().components().get(0).componentArn()).isEqualTo(STIG);
    assertThat(image.imageRecipe().components().get(0).parameters())
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactlyInAnyOrder("Level=[High]", "InstallPackages=[No]");
    assertThat(image.imageRecipe().components().get(1).parameters()).isEmpty();

    List<Ami> amis = image.outputResources().amis();
    assertThat(amis).extracting(Ami::region).containsExactly("us-east-1", "eu-west-1");
    assertThat(amis).extracting(Ami::image).containsExactly("ami-0aaaaaaaaaaaaaaa1", "ami-0bbbbbbbbbbbbbbb2");
    assertThat(amis).extracting(Ami::accountId).containsExactly("123456789012", "210987654321");
    assertThat(amis).extracting(Ami::name).containsOnly("golden-al2023 1.2.0-3");
    assertThat(amis.get(0).description()).isEqualTo("STIG high");
    assertThat(amis.get(1).description()).isNull();
    assertThat(amis.get(0).state().status()).isEqualTo(ImageStatus.AVAILABLE);

    assertThat(image.imageTestsConfiguration().imageTestsEnabled()).isTrue();
    assertThat(image.imageTestsConfiguration().timeoutMinutes()).isEqualTo(90);
    assertThat(image.imageScanningConfiguration().imageScanningEnabled()).isTrue();
    assertThat(image.scanState().status()).isEqualTo(ImageScanStatus.COMPLETED);
    assertThat(image.scanState().reason()).isEqualTo("Scan finished");
    assertThat(image.infrastructureConfiguration().arn())
        .isEqualTo("arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/golden-al2023");
    assertThat(image.infrastructureConfiguration().logging().s3Logs().s3BucketName()).isEqualTo("build-logs-bucket");
    assertThat(image.infrastructureConfiguration().logging().s3Logs().s3KeyPrefix()).isEqualTo("imagebuilder/golden");
    assertThat(image.loggingConfiguration().logGroupName()).isEqualTo("/aws/imagebuilder/golden-al2023");
    assertThat(image.workflows()).extracting(w -> w.workflowArn())
        .containsExactly("arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.2/1");

    ImageBuilderStub.ReceivedRequest request = stub.requests(ImageBuilderStub.GET_IMAGE).get(0);
    assertThat(request.httpMethod()).isEqualTo("GET");
    assertThat(request.queryParameters()).containsOnly(Map.entry("imageBuildVersionArn", IMAGE));
    assertThat(stub.mutatingRequests()).isEmpty();
  }

  @Test
  void getImageOfAFailedBuildWithTestsOffAndAScanThatTimedOut() {
    stub.addImage(ImageSeed.available(IMAGE, null, null)
        .withState("FAILED", "Test step failed")
        .withTestsEnabled(false)
        .withScanState("TIMED_OUT", null));

    Image image = client.getImage(r -> r.imageBuildVersionArn(IMAGE)).image();

    assertThat(image.state().status()).isEqualTo(ImageStatus.FAILED);
    assertThat(image.state().reason()).isEqualTo("Test step failed");
    assertThat(image.imageTestsConfiguration().imageTestsEnabled()).isFalse();
    assertThat(image.imageTestsConfiguration().timeoutMinutes()).isEqualTo(720);
    assertThat(image.scanState().status()).isEqualTo(ImageScanStatus.TIMED_OUT);
    assertThat(image.outputResources().amis()).isEmpty();
    assertThat(image.sourcePipelineArn()).isNull();
    assertThat(image.imageRecipe()).isNull();
    assertThat(image.infrastructureConfiguration().logging()).isNull();
    assertThat(image.loggingConfiguration()).isNull();
    assertThat(image.workflows()).isEmpty();
  }

  @Test
  void getImageOfAnUnknownOrMalformedArnFailsTyped() {
    String missing = ImageBuilderStub.imageArn("missing", "1.0.0", 1);

    assertThatThrownBy(() -> client.getImage(r -> r.imageBuildVersionArn(missing)))
        .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
          assertThat(e.awsErrorDetails().errorMessage()).contains(missing);
        });
    assertThatThrownBy(() -> client.getImage(r -> r.imageBuildVersionArn(PIPELINE)))
        .isInstanceOfSatisfying(InvalidParameterValueException.class,
            e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> client.getImage(
            r -> r.imageBuildVersionArn("arn:aws:imagebuilder:us-east-1:123456789012:image/golden-al2023/x.x.x")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("version ARN");
    assertThat(stub.requests(ImageBuilderStub.GET_IMAGE)).hasSize(3);
  }

  @Test
  void aStartedBuildIsABuildingImageUntilCompleted() {
    stub.addRecipe(stigRecipe()).addPipeline(PipelineSeed.enabled(PIPELINE, RECIPE));
    String ok = client.startImagePipelineExecution(r -> r.imagePipelineArn(PIPELINE).clientToken("a"))
        .imageBuildVersionArn();
    String bad = client.startImagePipelineExecution(r -> r.imagePipelineArn(PIPELINE).clientToken("b"))
        .imageBuildVersionArn();

    Image building = client.getImage(r -> r.imageBuildVersionArn(ok)).image();
    assertThat(building.state().status()).isEqualTo(ImageStatus.BUILDING);
    assertThat(building.version()).isEqualTo("1.0.0/1");
    assertThat(building.sourcePipelineArn()).isEqualTo(PIPELINE);
    assertThat(building.imageRecipe().arn()).isEqualTo(RECIPE);
    assertThat(building.outputResources().amis()).isEmpty();
    assertThat(building.dateCreated()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(Instant.parse(building.dateCreated())).isBefore(Instant.now().plusSeconds(1));

    stub.completeBuild(ok);
    stub.completeBuild(bad, "FAILED");

    Image available = client.getImage(r -> r.imageBuildVersionArn(ok)).image();
    assertThat(available.state().status()).isEqualTo(ImageStatus.AVAILABLE);
    assertThat(available.outputResources().amis()).singleElement().satisfies(ami -> {
      assertThat(ami.region()).isEqualTo("us-east-1");
      assertThat(ami.image()).matches("ami-[0-9a-f]{17}");
      assertThat(ami.accountId()).isEqualTo("123456789012");
    });
    assertThat(client.getImage(r -> r.imageBuildVersionArn(bad)).image().state().status())
        .isEqualTo(ImageStatus.FAILED);
    assertThat(client.getImage(r -> r.imageBuildVersionArn(bad)).image().outputResources().amis()).isEmpty();
    assertThat(stub.image(ok).amis()).hasSize(1);
  }

  @Test
  void completingASeededImageKeepsItsAmis() {
    stub.addPipeline(PipelineSeed.enabled(PIPELINE, RECIPE));
    String arn = client.startImagePipelineExecution(r -> r.imagePipelineArn(PIPELINE).clientToken("t"))
        .imageBuildVersionArn();
    stub.addImage(ImageSeed.available(arn, PIPELINE, null, AmiSeed.of("us-west-2", "ami-0ccccccccccccccc3"))
        .withState("TESTING", null));

    stub.completeBuild(arn);

    Image image = client.getImage(r -> r.imageBuildVersionArn(arn)).image();
    assertThat(image.state().status()).isEqualTo(ImageStatus.AVAILABLE);
    assertThat(image.outputResources().amis()).extracting(Ami::image).containsExactly("ami-0ccccccccccccccc3");
  }

  @Test
  void getImageThrottledOnceIsRetriedAndStandingFaultsAreScopedToTheImage() {
    String other = ImageBuilderStub.imageArn("other", "1.0.0", 1);
    stub.addImage(ImageSeed.available(IMAGE, PIPELINE, null)).addImage(ImageSeed.available(other, null, null));
    stub.failNext(ImageBuilderStub.GET_IMAGE, "CallRateLimitExceededException", 1);

    assertThat(client.getImage(r -> r.imageBuildVersionArn(IMAGE)).image().arn()).isEqualTo(IMAGE);
    assertThat(stub.requests(ImageBuilderStub.GET_IMAGE)).hasSize(2);

    stub.failAlways(ImageBuilderStub.GET_IMAGE, IMAGE, "ForbiddenException");
    assertThatThrownBy(() -> client.getImage(r -> r.imageBuildVersionArn(IMAGE)))
        .isInstanceOfSatisfying(ImagebuilderException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ForbiddenException");
        });
    assertThat(client.getImage(r -> r.imageBuildVersionArn(other)).image().arn()).isEqualTo(other);
  }

  @Test
  void imageSeedsRejectWhatTheServiceNeverReturns() {
    assertThatThrownBy(() -> ImageSeed.available(ImageBuilderStub.imageArn("x", "1.0.0", 1), null, null)
        .withState("DONE", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageSeed.available(ImageBuilderStub.imageArn("x", "1.0.0", 1), null, null)
        .withScanState("FINISHED", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageSeed.available(ImageBuilderStub.imageArn("x", "1.0.0", 1), null, null)
        .withTests(true, 30)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageSeed.available(
        "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FindingSeed.of(IMAGE, "CVE-1", "SEVERE")).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- ListImageScanFindings

  @Test
  void listsScanFindingsAcrossPagesAndFiltersByImageAndSeverity() {
    String other = ImageBuilderStub.imageArn("other", "1.0.0", 1);
    stub.addImage(ImageSeed.available(IMAGE, PIPELINE, null))
        .addScanFindings(IMAGE, "HIGH", 5)
        .addScanFindings(IMAGE, "CRITICAL", 2)
        .addScanFindings(other, "CRITICAL", 1)
        .addScanFindings(other, "LOW", 2)
        .pageSize(3);

    List<ImageScanFinding> all = client.listImageScanFindingsPaginator(r -> {}).findings().stream().toList();
    assertThat(all).hasSize(10);
    assertThat(all).extracting(f -> f.packageVulnerabilityDetails().vulnerabilityId()).doesNotHaveDuplicates();
    assertThat(stub.requests(ImageBuilderStub.LIST_IMAGE_SCAN_FINDINGS)).hasSize(4);

    List<ImageScanFinding> ofImage = client.listImageScanFindingsPaginator(r -> r.filters(
            ImageScanFindingsFilter.builder().name("imageBuildVersionArn").values(IMAGE).build()))
        .findings().stream().toList();
    assertThat(ofImage).hasSize(7).allSatisfy(f -> {
      assertThat(f.imageBuildVersionArn()).isEqualTo(IMAGE);
      assertThat(f.imagePipelineArn()).isEqualTo(PIPELINE);
    });
    assertThat(ofImage).extracting(ImageScanFinding::severity).containsOnly("HIGH", "CRITICAL");
    List<ImageBuilderStub.ReceivedRequest> requests = stub.requests(ImageBuilderStub.LIST_IMAGE_SCAN_FINDINGS);
    assertThat(requests).hasSize(4 + 3);
    assertThat(requests.get(5).member("nextToken")).isNotBlank();
    assertThat(requests.get(5).member("filters")).contains("imageBuildVersionArn").contains(IMAGE);
    assertThat(requests.get(5).httpMethod()).isEqualTo("POST");

    List<ImageScanFinding> critical = client.listImageScanFindingsPaginator(r -> r.filters(
            ImageScanFindingsFilter.builder().name("severity").values("CRITICAL").build()))
        .findings().stream().toList();
    assertThat(critical).extracting(ImageScanFinding::imageBuildVersionArn).containsExactly(IMAGE, IMAGE, other);
    assertThat(critical.get(2).imagePipelineArn()).isNull();

    ListImageScanFindingsResponse firstTwo = client.listImageScanFindings(r -> r.maxResults(2));
    assertThat(firstTwo.findings()).hasSize(2);
    assertThat(firstTwo.nextToken()).isNotNull();
    assertThat(stub.mutatingRequests()).isEmpty();
  }

  @Test
  void aSeededFindingRoundTripsEveryField() {
    Instant first = Instant.parse("2026-01-06T20:12:57.123Z");
    Instant updated = Instant.parse("2026-01-07T08:00:00Z");
    stub.addScanFinding(new FindingSeed(IMAGE, PIPELINE, "210987654321", "CVE-2025-38064", "HIGH",
        "CVE-2025-38064 - kernel", "virtio: break and reset virtio devices on device_shutdown()", 7.0, "PARTIAL",
        "yum update kernel", "kernel", "4.14.355", "0:5.15.189-131.202.amzn2", first, updated));
    stub.addScanFinding(FindingSeed.of(IMAGE, "CVE-2024-0001", "INFORMATIONAL").withPackage(null, null, null));

    List<ImageScanFinding> findings = client.listImageScanFindings(r -> r.filters(
        ImageScanFindingsFilter.builder().name("vulnerabilityId").values("CVE-2025-38064").build())).findings();

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.awsAccountId()).isEqualTo("210987654321");
      assertThat(f.imageBuildVersionArn()).isEqualTo(IMAGE);
      assertThat(f.imagePipelineArn()).isEqualTo(PIPELINE);
      assertThat(f.type()).isEqualTo("PACKAGE_VULNERABILITY");
      assertThat(f.title()).isEqualTo("CVE-2025-38064 - kernel");
      assertThat(f.description()).startsWith("virtio:");
      assertThat(f.remediation().recommendation().text()).isEqualTo("yum update kernel");
      assertThat(f.severity()).isEqualTo("HIGH");
      assertThat(f.firstObservedAt()).isEqualTo(first);
      assertThat(f.updatedAt()).isEqualTo(updated);
      assertThat(f.inspectorScore()).isEqualTo(7.0);
      assertThat(f.fixAvailable()).isEqualTo("PARTIAL");
      assertThat(f.packageVulnerabilityDetails().vulnerabilityId()).isEqualTo("CVE-2025-38064");
      assertThat(f.packageVulnerabilityDetails().vulnerablePackages()).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("kernel");
        assertThat(p.version()).isEqualTo("4.14.355");
        assertThat(p.fixedInVersion()).isEqualTo("0:5.15.189-131.202.amzn2");
      });
    });
    ImageScanFinding info = client.listImageScanFindings(r -> r.filters(
        ImageScanFindingsFilter.builder().name("severity").values("INFORMATIONAL").build())).findings().get(0);
    assertThat(info.remediation()).isNull();
    assertThat(info.packageVulnerabilityDetails().vulnerablePackages()).isEmpty();
    assertThat(info.awsAccountId()).isEqualTo("123456789012");
  }

  @Test
  void findingTimestampsTravelAsEpochSecondsNumbers() throws Exception {
    stub.addScanFinding(FindingSeed.of(IMAGE, "CVE-2025-1", "LOW")
        .withTimes(Instant.parse("2026-01-06T20:12:57.123Z"), Instant.parse("2026-01-06T20:12:58Z")));
    HttpResponse<String> raw = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(stub.endpoint() + "/ListImageScanFindings"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    JsonNode finding = new ObjectMapper().readTree(raw.body()).path("findings").get(0);
    assertThat(finding.get("firstObservedAt").isNumber()).isTrue();
    assertThat(finding.get("firstObservedAt").decimalValue()).isEqualByComparingTo("1767730377.123");
    assertThat(finding.get("updatedAt").decimalValue()).isEqualByComparingTo("1767730378");
    assertThat(finding.get("inspectorScore").isNumber()).isTrue();
    assertThat(finding.get("fixAvailable").asText()).isEqualTo("YES");
  }

  @Test
  void scanFindingFiltersFollowTheDocumentedLimits() {
    stub.addScanFindings(IMAGE, "HIGH", 1);
    ImageScanFindingsFilter byImage = ImageScanFindingsFilter.builder().name("imageBuildVersionArn").values(IMAGE).build();
    ImageScanFindingsFilter bySeverity = ImageScanFindingsFilter.builder().name("severity").values("HIGH").build();

    assertThatThrownBy(() -> client.listImageScanFindings(r -> r.filters(byImage, bySeverity)))
        .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> client.listImageScanFindings(r -> r.filters(
            ImageScanFindingsFilter.builder().name("severity").values("HIGH", "CRITICAL").build())))
        .isInstanceOf(InvalidParameterValueException.class);
    assertThatThrownBy(() -> client.listImageScanFindings(r -> r.filters(
            ImageScanFindingsFilter.builder().name("accountId").values("123456789012").build())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not implement the filter 'accountId'");
    assertThatThrownBy(() -> client.listImageScanFindings(r -> r.maxResults(26)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(client.listImageScanFindings(r -> r.filters(bySeverity)).findings()).hasSize(1);
  }

  @Test
  void listImageScanFindingsThrottledOnceIsRetriedAndStandingFaultsFollowTheFilter() {
    String other = ImageBuilderStub.imageArn("other", "1.0.0", 1);
    stub.addScanFindings(IMAGE, "HIGH", 2).addScanFindings(other, "LOW", 1);
    stub.failNext(ImageBuilderStub.LIST_IMAGE_SCAN_FINDINGS, "CallRateLimitExceededException", 1);

    assertThat(client.listImageScanFindings(r -> {}).findings()).hasSize(3);
    assertThat(stub.requests(ImageBuilderStub.LIST_IMAGE_SCAN_FINDINGS)).hasSize(2);

    try (ImagebuilderClient noRetries = clientFor(stub, o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
      stub.failAlways(ImageBuilderStub.LIST_IMAGE_SCAN_FINDINGS, IMAGE, "CallRateLimitExceededException");
      assertThatThrownBy(() -> noRetries.listImageScanFindings(r -> r.filters(
              ImageScanFindingsFilter.builder().name("imageBuildVersionArn").values(IMAGE).build())))
          .isInstanceOfSatisfying(CallRateLimitExceededException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
      assertThat(noRetries.listImageScanFindings(r -> r.filters(
              ImageScanFindingsFilter.builder().name("imageBuildVersionArn").values(other).build())).findings())
          .hasSize(1);
    }
  }
}
