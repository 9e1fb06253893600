package dev.compliantami.reaper;

import java.time.LocalDate;

/** An instance that passes the maximum age within WarnDaysBefore, and the date it becomes due for replacement. */
public record Warning(String accountId, String region, String instanceId, String autoScalingGroup, long ageDays,
    LocalDate replacementDue, String basis) {

  String line() {
    return accountId + "/" + region + " " + instanceId + (autoScalingGroup == null ? "" : " (ASG " + autoScalingGroup + ")")
        + ", " + ageDays + " days old: due for replacement on " + replacementDue;
  }
}
