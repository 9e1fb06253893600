package dev.compliantami.policy;

import java.util.Map;
import java.util.Set;

/**
 * What the policy needs to know about one Image Builder pipeline (no SDK types).
 *
 * @param lastRunStatus Image Builder's ImageStatus of the pipeline's latest run, or null if unknown
 */
public record FactoryPipeline(
    String arn, String name, String status, Map<String, String> tags, String imageRecipeArn, String lastRunStatus) {

  private static final Set<String> RUNNING =
      Set.of("PENDING", "CREATING", "BUILDING", "TESTING", "DISTRIBUTING", "INTEGRATING");

  public FactoryPipeline {
    tags = Map.copyOf(tags);
  }

  public boolean managed() {
    return ManagedTags.isManaged(tags);
  }

  public boolean enabled() {
    return "ENABLED".equals(status);
  }

  public boolean buildInProgress() {
    return lastRunStatus != null && RUNNING.contains(lastRunStatus);
  }
}
