package dev.compliantami.events;

import java.time.Instant;
import java.util.List;

/** instance-reaper: what was done about instances over the maximum age in one account and region. */
public record OverageInstancesHandled(
    int schemaVersion,
    String accountId,
    String region,
    int maxAgeDays,
    List<Handled> instances,
    boolean capped,
    boolean dryRun)
    implements CustomDetail {
  public static final String DETAIL_TYPE = "Overage Instances Handled";

  public record Handled(String instanceId, Instant launchTime, long ageDays, String action, String autoScalingGroup) {}

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }
}
