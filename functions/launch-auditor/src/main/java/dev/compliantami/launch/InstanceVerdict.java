package dev.compliantami.launch;

import java.util.List;

/**
 * The verdict on one launched instance and what became of it.
 *
 * @param outcome COMPLIANT, EXEMPT, VIOLATION, or NOT_FOUND (the instance is gone: reported, not retried)
 * @param reasons reason codes (also kept for an exempt instance); a broken exemption's code last
 * @param exemption the exemption as read from the tags, e.g. {@code exempt until 2027-01-31 (vendor appliance)}
 * @param action none, notified, tagged, stopped, terminated: what was (or in dry-run would have been) done
 * @param withheld why the configured action was not taken (protection, Auto Scaling member, already done, dry-run)
 * @param error the action failed (the instance's messages are retried)
 * @param capped a blast-radius cap (MaxTerminationsPerRun, MaxReplacementsPerGroup) left this violator for later: only
 *     notified
 */
public record InstanceVerdict(
    String accountId, String region, String instanceId, String imageId, String outcome, List<String> reasons,
    String exemption, String autoScalingGroup, String action, String withheld, String error, boolean capped) {

  InstanceVerdict(String accountId, String region, String instanceId, String imageId, String outcome, List<String> reasons,
      String exemption, String autoScalingGroup, String action, String withheld, String error) {
    this(accountId, region, instanceId, imageId, outcome, reasons, exemption, autoScalingGroup, action, withheld, error, false);
  }

  boolean violation() {
    return outcome.equals("VIOLATION");
  }
}
