package dev.compliantami.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which managed factory pipelines a trigger starts, and why the others are not started. Pure: the
 * caller has read the pipelines and their recipes.
 */
public final class PipelineSelection {

  public enum SkipReason {
    /** the pipeline is DISABLED in Image Builder */
    DISABLED,
    /** a build of this pipeline is already running */
    BUILD_IN_PROGRESS,
    /** more pipelines matched than MAX_PIPELINE_STARTS_PER_RUN allows */
    OVER_CAP,
    /** the match depends on the recipe, which could not be read */
    RECIPE_UNREADABLE
  }

  /** @param note something the operator should know, e.g. a recipe pinned to an old component version */
  public record Start(FactoryPipeline pipeline, String clientToken, String matchedBy, String note) {}

  public record Skip(FactoryPipeline pipeline, SkipReason reason, String detail) {}

  /**
   * @param notAffected managed pipelines the trigger does not concern
   * @param unknownTargets targets of a manual run that name no managed pipeline
   */
  public record Selection(List<Start> starts, List<Skip> skips, int notAffected, List<String> unknownTargets) {}

  private PipelineSelection() {}

  public static Selection select(
      PipelineTrigger trigger, List<FactoryPipeline> pipelines, Map<String, FactoryRecipe> recipes, int maxStarts) {
    List<Start> starts = new ArrayList<>();
    List<Skip> skips = new ArrayList<>();
    int notAffected = 0;
    Set<String> unknownTargets =
        trigger instanceof PipelineTrigger.Refresh r ? new LinkedHashSet<>(r.targets()) : new LinkedHashSet<>();

    List<FactoryPipeline> ordered =
        pipelines.stream().filter(FactoryPipeline::managed).sorted(Comparator.comparing(FactoryPipeline::name)).toList();
    for (FactoryPipeline p : ordered) {
      FactoryRecipe recipe = recipes.get(p.imageRecipeArn());
      Match match = match(trigger, p, recipe);
      if (trigger instanceof PipelineTrigger.Refresh) {
        unknownTargets.remove(p.arn());
        unknownTargets.remove(p.name());
      }
      switch (match) {
        case Match.No no -> notAffected++;
        case Match.Unknown unknown ->
            skips.add(new Skip(p, SkipReason.RECIPE_UNREADABLE, "recipe " + p.imageRecipeArn() + " could not be read"));
        case Match.Yes yes -> {
          if (!p.enabled()) {
            skips.add(new Skip(p, SkipReason.DISABLED, "pipeline status is " + p.status()));
          } else if (p.buildInProgress()) {
            skips.add(new Skip(p, SkipReason.BUILD_IN_PROGRESS, "last run is " + p.lastRunStatus()));
          } else if (starts.size() >= maxStarts) {
            skips.add(new Skip(p, SkipReason.OVER_CAP, "at most " + maxStarts + " starts per run; left for the next trigger"));
          } else {
            starts.add(new Start(p, ClientTokens.of(trigger.triggerId(), p.arn()), yes.by(), yes.note()));
          }
        }
      }
    }
    return new Selection(List.copyOf(starts), List.copyOf(skips), notAffected, List.copyOf(unknownTargets));
  }

  private sealed interface Match {
    record Yes(String by, String note) implements Match {}

    record No() implements Match {}

    record Unknown() implements Match {}
  }

  private static Match match(PipelineTrigger trigger, FactoryPipeline p, FactoryRecipe recipe) {
    return switch (trigger) {
      case PipelineTrigger.Refresh r ->
          r.targets().isEmpty() || r.targets().contains(p.arn()) || r.targets().contains(p.name())
              ? new Match.Yes(r.scheduled() ? "schedule: every managed pipeline" : "manual run", null)
              : new Match.No();
      case PipelineTrigger.BaseImageChanged b -> baseImage(b, p, recipe);
      case PipelineTrigger.ComponentReleased c -> component(c, recipe);
    };
  }

  private static Match baseImage(PipelineTrigger.BaseImageChanged b, FactoryPipeline p, FactoryRecipe recipe) {
    String watched = b.baseImage();
    if (watched.equals(p.tags().get(ManagedTags.BASE_IMAGE))) {
      return new Match.Yes("tag " + ManagedTags.BASE_IMAGE + "=" + watched, null);
    }
    if (recipe == null) {
      return new Match.Unknown();
    }
    String watchedParameter =
        b.ssmParameter() != null ? b.ssmParameter() : watched.startsWith("ssm:") ? watched.substring(4) : watched;
    if (recipe.parentSsmParameter().filter(watchedParameter::equals).isPresent()) {
      return new Match.Yes("recipe parent image ssm:" + watchedParameter, null);
    }
    Optional<String> parentName = recipe.parentImageName();
    Optional<String> watchedName = ImageBuilderArns.resourceName(watched, "image").or(() -> Optional.of(watched));
    if (parentName.isPresent() && parentName.equals(watchedName)) {
      return new Match.Yes("recipe parent Image Builder image " + parentName.get(), null);
    }
    return new Match.No();
  }

  private static Match component(PipelineTrigger.ComponentReleased c, FactoryRecipe recipe) {
    if (recipe == null) {
      return new Match.Unknown();
    }
    for (String arn : recipe.componentArns()) {
      if (ImageBuilderArns.resourceName(arn, "component").filter(c.componentName()::equals).isPresent()) {
        String pinned = ImageBuilderArns.version(arn).filter(v -> !v.contains("x")).orElse(null);
        String note =
            pinned != null && !pinned.equals(c.version())
                ? "recipe pins " + c.componentName() + "/" + pinned + ": this build will not use " + c.version()
                    + " until the recipe references x.x.x or the new version"
                : null;
        return new Match.Yes("recipe component " + c.componentName(), note);
      }
    }
    return new Match.No();
  }
}
