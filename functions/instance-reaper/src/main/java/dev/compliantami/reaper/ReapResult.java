package dev.compliantami.reaper;

import java.util.List;

/** One run of instance-reaper (what tests and the local invoker print). */
public record ReapResult(String mode, String trigger, String ignoredBecause, int maxAgeDays, List<TargetReport> targets,
    int eventsPublished, String notificationMessageId, String notificationError) {

  static ReapResult ignored(String mode, int maxAgeDays, String why) {
    return new ReapResult(mode, null, why, maxAgeDays, List.of(), 0, null, null);
  }

  public long count(String action) {
    return targets.stream().mapToLong(t -> t.count(action)).sum();
  }

  public List<InstanceOutcome> outcomes() {
    return targets.stream().flatMap(t -> t.outcomes().stream()).toList();
  }

  public long failedTargets() {
    return targets.stream().filter(t -> t.status().equals("FAILED")).count();
  }
}
