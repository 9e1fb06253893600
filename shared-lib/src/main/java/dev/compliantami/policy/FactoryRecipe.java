package dev.compliantami.policy;

import java.util.List;
import java.util.Optional;

/**
 * An image recipe as the policy sees it.
 *
 * @param parentImage an AMI id, {@code ssm:<parameter>}, or an Image Builder image ARN
 */
public record FactoryRecipe(String arn, String parentImage, List<String> componentArns) {

  public FactoryRecipe {
    componentArns = List.copyOf(componentArns);
  }

  /** The SSM parameter the parent image resolves from, if it is one. */
  public Optional<String> parentSsmParameter() {
    return parentImage != null && parentImage.startsWith("ssm:")
        ? Optional.of(parentImage.substring(4))
        : Optional.empty();
  }

  /** {@code image/<name>} of an Image Builder image ARN parent, without the version. */
  public Optional<String> parentImageName() {
    return ImageBuilderArns.resourceName(parentImage, "image");
  }
}
