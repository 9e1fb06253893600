package dev.compliantami.events;

import java.util.List;

/** launch-auditor: the verdict on one launched instance and what was done about it. */
public record InstanceComplianceVerdict(
    int schemaVersion,
    String accountId,
    String region,
    String instanceId,
    String imageId,
    boolean compliant,
    List<String> reasons,
    String action,
    boolean dryRun)
    implements CustomDetail {
  public static final String DETAIL_TYPE = "Instance Compliance Verdict";

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }
}
