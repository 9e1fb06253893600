package dev.compliantami.events;

import java.util.List;

/** ami-publisher: a built image passed the gate and its AMIs were shared (or would be, in dry-run). */
public record CompliantAmiPublished(
    int schemaVersion,
    String imageBuildVersionArn,
    String pipelineArn,
    List<Ami> amis,
    SharedWith sharedWith,
    List<String> deprecatedImageIds,
    boolean dryRun)
    implements CustomDetail {
  public static final String DETAIL_TYPE = "Compliant AMI Published";

  public record Ami(String region, String accountId, String imageId) {}

  public record SharedWith(List<String> organizationArns, List<String> organizationalUnitArns, List<String> accountIds) {}

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }
}
