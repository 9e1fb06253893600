package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.testing.ImageBuilderStub.ComponentSeed;
import dev.compliantami.testing.ImageBuilderStub.PipelineSeed;
import dev.compliantami.testing.ImageBuilderStub.RecipeComponent;
import dev.compliantami.testing.ImageBuilderStub.RecipeSeed;
import java.net.URI;
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
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
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
}
