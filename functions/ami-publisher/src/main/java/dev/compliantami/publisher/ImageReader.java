package dev.compliantami.publisher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ComponentConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanFindingsFilter;

/** Image Builder reads: the image, its pipeline's tags, its scan findings. */
final class ImageReader {
  private final ImagebuilderClient imagebuilder;

  ImageReader(ImagebuilderClient imagebuilder) {
    this.imagebuilder = imagebuilder;
  }

  BuiltImage image(String buildVersionArn) {
    Image i = imagebuilder.getImage(r -> r.imageBuildVersionArn(buildVersionArn)).image();
    // Only the pipeline's and the recipe's tags decide: anyone who may start a pipeline can put tags on
    // the image it builds (StartImagePipelineExecution.tags), so the image's own tags are not trusted here.
    Map<String, String> tags = new HashMap<>();
    if (i.imageRecipe() != null) {
      tags.putAll(i.imageRecipe().tags());
    }
    if (i.sourcePipelineArn() != null) {
      tags.putAll(imagebuilder.getImagePipeline(r -> r.imagePipelineArn(i.sourcePipelineArn())).imagePipeline().tags());
    }
    List<String> components = i.imageRecipe() == null ? List.of()
        : i.imageRecipe().components().stream().map(ComponentConfiguration::componentArn).toList();
    List<BuiltImage.OutputAmi> amis = i.outputResources() == null ? List.of()
        : i.outputResources().amis().stream().map(a -> new BuiltImage.OutputAmi(a.region(), a.image(), a.accountId())).toList();
    return new BuiltImage(
        i.arn(),
        i.name(),
        i.state() == null ? null : i.state().statusAsString(),
        i.state() == null ? null : i.state().reason(),
        i.sourcePipelineArn(),
        i.imageRecipe() == null ? null : i.imageRecipe().parentImage(),
        Map.copyOf(tags),
        components,
        i.imageTestsConfiguration() == null || !Boolean.FALSE.equals(i.imageTestsConfiguration().imageTestsEnabled()),
        i.imageScanningConfiguration() != null && Boolean.TRUE.equals(i.imageScanningConfiguration().imageScanningEnabled()),
        i.scanState() == null ? null : i.scanState().statusAsString(),
        amis,
        i.dateCreated(),
        logsLocation(i));
  }

  /** Findings per severity for the build (all pages). */
  Map<String, Integer> findings(String buildVersionArn) {
    Map<String, Integer> counts = new HashMap<>();
    imagebuilder
        .listImageScanFindingsPaginator(r -> r.filters(ImageScanFindingsFilter.builder().name("imageBuildVersionArn").values(buildVersionArn).build()))
        .findings()
        .forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
    return counts;
  }

  private static String logsLocation(Image i) {
    var infra = i.infrastructureConfiguration();
    if (infra != null && infra.logging() != null && infra.logging().s3Logs() != null && infra.logging().s3Logs().s3BucketName() != null) {
      var s3 = infra.logging().s3Logs();
      return "s3://" + s3.s3BucketName() + "/" + (s3.s3KeyPrefix() == null ? "" : s3.s3KeyPrefix());
    }
    return "CloudWatch Logs group /aws/imagebuilder/" + i.name();
  }
}
