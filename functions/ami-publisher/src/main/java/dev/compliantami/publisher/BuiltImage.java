package dev.compliantami.publisher;

import java.util.List;
import java.util.Map;

/**
 * What ami-publisher reads of an Image Builder image ({@code GetImage}), without SDK types.
 *
 * @param tags the image's own tags merged with its recipe's and pipeline's ({@code compliant-ami:*})
 * @param components component ARNs of the recipe (the STIG component and its version are among them)
 * @param logsLocation where the build and test (SCAP) logs are: the S3 location, or the CloudWatch group
 */
record BuiltImage(
    String arn,
    String name,
    String status,
    String statusReason,
    String pipelineArn,
    String parentImage,
    Map<String, String> tags,
    List<String> components,
    boolean testsEnabled,
    boolean scanningEnabled,
    String scanStatus,
    List<OutputAmi> amis,
    String dateCreated,
    String logsLocation) {

  /** One output AMI: {@code outputResources.amis[]}. */
  record OutputAmi(String region, String imageId, String accountId) {}

  boolean managed() {
    return "true".equalsIgnoreCase(tags.getOrDefault("compliant-ami:managed", ""));
  }

  /** The baseline name: tag {@code compliant-ami:baseline}, else the image's name. */
  String baseline() {
    return tags.getOrDefault("compliant-ami:baseline", name);
  }
}
