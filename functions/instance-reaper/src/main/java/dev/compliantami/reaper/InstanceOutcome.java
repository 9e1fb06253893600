package dev.compliantami.reaper;

/**
 * What became of one over-age instance in this run.
 *
 * @param since the first launch the age counts from, by {@code basis}: ISO-8601 text, since the Lambda runtime's
 *     serialiser writes an {@code Instant} as decimal epoch seconds
 * @param basis {@code primary-eni-attach-time}, {@code root-volume-attach-time} or {@code launch-time}
 * @param action e.g. {@code replaced}, {@code would-replace}, {@code refresh-started}, {@code stopped},
 *     {@code terminated}, {@code notified}, {@code exempt}, {@code left-for-later}, {@code skip-protected},
 *     {@code skip-changed}, {@code skip-activity-in-progress}, {@code skip-group-unhealthy}, {@code failed}
 * @param detail why, in words (caps, skips, errors, exemption), or null
 */
public record InstanceOutcome(String accountId, String region, String instanceId, String state, long ageDays,
    String since, String basis, String autoScalingGroup, String action, String detail) {

  String line() {
    return accountId + "/" + region + " " + instanceId + (autoScalingGroup == null ? "" : " (ASG " + autoScalingGroup + ")")
        + ", " + ageDays + " days: " + action + (detail == null ? "" : " (" + detail + ")");
  }
}
