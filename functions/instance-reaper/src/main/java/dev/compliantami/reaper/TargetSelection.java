package dev.compliantami.reaper;

import dev.compliantami.fleet.Target;
import dev.compliantami.policy.ReplacementPlan;
import java.util.List;

/**
 * What the selection found in one account and region.
 *
 * @param instances running and stopped instances seen
 * @param overAge over the maximum age and not validly exempt (a broken exemption is not honoured)
 * @param exempt over the maximum age but validly exempt
 * @param nearing passing the maximum age within WarnDaysBefore
 * @param groups the Auto Scaling groups of {@code overAge}, described
 */
record TargetSelection(Target target, int instances, List<SeenInstance> overAge, List<SeenInstance> exempt,
    List<SeenInstance> nearing, List<ReplacementPlan.Group> groups) {}
