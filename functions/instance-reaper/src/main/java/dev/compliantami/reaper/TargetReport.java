package dev.compliantami.reaper;

import java.util.List;

/**
 * One account and region.
 *
 * @param status {@code OK} or {@code FAILED} (then {@code detail} says why; nothing was done there)
 * @param instances running and stopped instances seen
 * @param brokenExemptions over-age or nearing instances whose exemption tags are not an exemption (not honoured)
 * @param capped a cap left at least one instance for a later run
 */
public record TargetReport(String accountId, String region, String status, String detail, int instances,
    List<InstanceOutcome> outcomes, List<Warning> warnings, List<String> brokenExemptions, boolean capped) {

  public long count(String action) {
    return outcomes.stream().filter(o -> o.action().equals(action)).count();
  }
}
