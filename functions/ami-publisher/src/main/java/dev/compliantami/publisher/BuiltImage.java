package dev.compliantami.publisher;

import dev.compliantami.policy.ManagedTags;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What ami-publisher reads of an Image Builder image ({@code GetImage}), without SDK types.
 *
 * @param tags its recipe's tags overlaid by its pipeline's (the image's own tags are not trusted)
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

  private static final Pattern BASELINE = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  boolean managed() {
    return ManagedTags.isManaged(tags);
  }

  /** The baseline name: tag {@code compliant-ami:baseline}, else the image's name. */
  String baseline() {
    return tags.getOrDefault(ManagedTags.BASELINE, name);
  }

  /** A baseline names SSM parameters and tags: letters, digits, {@code _ . -}. */
  boolean baselineValid() {
    return baseline() != null && BASELINE.matcher(baseline()).matches();
  }
}
