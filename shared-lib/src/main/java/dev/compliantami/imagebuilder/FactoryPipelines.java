package dev.compliantami.imagebuilder;

import dev.compliantami.policy.FactoryPipeline;
import dev.compliantami.policy.FactoryRecipe;
import java.util.List;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ComponentConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
import software.amazon.awssdk.services.imagebuilder.model.ImageRecipe;

/** Reads and starts the AMI factory's Image Builder pipelines, translating to the policy's records. */
public final class FactoryPipelines {
  private static final int PAGE_SIZE = 25;

  private final ImagebuilderClient imagebuilder;

  public FactoryPipelines(ImagebuilderClient imagebuilder) {
    this.imagebuilder = imagebuilder;
  }

  /** Every pipeline tagged {@code compliant-ami:managed=true}, all pages. */
  public List<FactoryPipeline> listManaged() {
    return imagebuilder.listImagePipelinesPaginator(r -> r.maxResults(PAGE_SIZE)).imagePipelineList().stream()
        .map(FactoryPipelines::view)
        .filter(FactoryPipeline::managed)
        .toList();
  }

  /** The pipeline's current state, read right before acting on it. */
  public FactoryPipeline current(String pipelineArn) {
    return view(imagebuilder.getImagePipeline(r -> r.imagePipelineArn(pipelineArn)).imagePipeline());
  }

  public FactoryRecipe recipe(String recipeArn) {
    ImageRecipe r = imagebuilder.getImageRecipe(b -> b.imageRecipeArn(recipeArn)).imageRecipe();
    return new FactoryRecipe(r.arn(), r.parentImage(), r.components().stream().map(ComponentConfiguration::componentArn).toList());
  }

  /**
   * Starts a build. The same {@code clientToken} for the same pipeline returns the original build's
   * ARN instead of starting another.
   *
   * @return the image build-version ARN
   */
  public String start(String pipelineArn, String clientToken) {
    return imagebuilder
        .startImagePipelineExecution(r -> r.imagePipelineArn(pipelineArn).clientToken(clientToken))
        .imageBuildVersionArn();
  }

  private static FactoryPipeline view(ImagePipeline p) {
    return new FactoryPipeline(
        p.arn(), p.name(), p.statusAsString(), p.tags(), p.imageRecipeArn(), p.lastRunStatusAsString());
  }
}
