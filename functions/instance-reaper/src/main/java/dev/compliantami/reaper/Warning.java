package dev.compliantami.reaper;

/**
 * An instance that passes the maximum age within WarnDaysBefore, and the date it becomes due for replacement ({@code
 * yyyy-mm-dd} text: the Lambda runtime's serialiser has no notion of {@code LocalDate}).
 */
public record Warning(String accountId, String region, String instanceId, String autoScalingGroup, long ageDays,
    String replacementDue, String basis) {

  String line() {
    return accountId + "/" + region + " " + instanceId + (autoScalingGroup == null ? "" : " (ASG " + autoScalingGroup + ")")
        + ", " + ageDays + " days old: due for replacement on " + replacementDue;
  }
}
