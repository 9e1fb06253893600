package dev.compliantami.testing;

import static dev.compliantami.testing.ImageBuilderStub.pipelineArn;
import static dev.compliantami.testing.ImageBuilderStub.recipeArn;

import dev.compliantami.testing.ImageBuilderStub.PipelineSeed;
import dev.compliantami.testing.ImageBuilderStub.RecipeSeed;
import java.util.List;
import java.util.Map;

/**
 * A small AMI factory for tests and the local try: three managed pipelines (two built on Amazon Linux
 * 2023 public parameters with the STIG high component, one Ubuntu with a CIS component) and one pipeline
 * the suite must never touch.
 */
public final class SampleFactory {
  public static final String AL2023_X86 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
  public static final String AL2023_ARM = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
  public static final String STIG_HIGH = "arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux-high/x.x.x";
  public static final String HIGH_X86 = pipelineArn("al2023-stig-high");
  public static final String HIGH_ARM = pipelineArn("al2023-arm64-stig-high");
  public static final String UBUNTU = pipelineArn("ubuntu2204-cis");
  public static final String UNMANAGED = pipelineArn("team-sandbox");
  /** The watched name (release-watcher's WATCHED_BASE_IMAGES) that al2023-stig-high is tagged with. */
  public static final String WATCHED_AL2023 = "al2023-x86_64";

  private SampleFactory() {}

  public static void seed(ImageBuilderStub ib) {
    recipe(ib, "al2023-stig-high", "ssm:" + AL2023_X86, STIG_HIGH);
    recipe(ib, "al2023-arm64-stig-high", "ssm:" + AL2023_ARM, STIG_HIGH);
    recipe(ib, "ubuntu2204-cis", "ami-0123456789abcdef0", "arn:aws:imagebuilder:us-east-1:123456789012:component/cis-level1/1.2.0/1");
    recipe(ib, "team-sandbox", "ssm:" + AL2023_X86, STIG_HIGH);
    pipeline(ib, HIGH_X86, "al2023-stig-high", true);
    pipeline(ib, HIGH_ARM, "al2023-arm64-stig-high", true);
    pipeline(ib, UBUNTU, "ubuntu2204-cis", true);
    pipeline(ib, UNMANAGED, "team-sandbox", false);
  }

  private static void recipe(ImageBuilderStub ib, String name, String parent, String component) {
    ib.addRecipe(RecipeSeed.of(recipeArn(name, "1.0.0"), name, parent, List.of(component), Map.of()));
  }

  private static void pipeline(ImageBuilderStub ib, String arn, String name, boolean managed) {
    Map<String, String> tags =
        managed ? Map.of("compliant-ami:managed", "true", "compliant-ami:baseline", name) : Map.of("team", "sandbox");
    if (arn.equals(HIGH_X86)) {
      tags = Map.of("compliant-ami:managed", "true", "compliant-ami:baseline", name, "compliant-ami:base-image", WATCHED_AL2023);
    }
    ib.addPipeline(new PipelineSeed(arn, name, "ENABLED", tags, recipeArn(name, "1.0.0"), null));
  }
}
