package dev.compliantami.pipeline;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsErrors;
import dev.compliantami.events.ImagePipelineStarted;
import dev.compliantami.imagebuilder.FactoryPipelines;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.pipeline.PipelineOutcome.Status;
import dev.compliantami.policy.FactoryPipeline;
import dev.compliantami.policy.FactoryRecipe;
import dev.compliantami.policy.PipelineSelection;
import dev.compliantami.policy.PipelineSelection.Selection;
import dev.compliantami.policy.PipelineSelection.SkipReason;
import dev.compliantami.policy.PipelineTrigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.imagebuilder.model.ResourceInUseException;

/** Decide → act → report for one trigger. */
final class PipelineStarter {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineStarter.class);
  static final String START_UNCONFIRMED = "StartUnconfirmed";

  private final PipelineStarterSettings settings;
  private final FactoryPipelines factory;
  private final EventPublisher events;
  private final Notifier notifier;

  PipelineStarter(PipelineStarterSettings settings, FactoryPipelines factory, EventPublisher events, Notifier notifier) {
    this.settings = settings;
    this.factory = factory;
    this.events = events;
    this.notifier = notifier;
  }

  PipelineStartResult run(PipelineTrigger trigger) {
    List<FactoryPipeline> managed = factory.listManaged(); // nothing can be done without it: let it fail the invocation
    Map<String, FactoryRecipe> recipes = new HashMap<>();
    Map<String, String> recipeErrors = new HashMap<>();
    if (!(trigger instanceof PipelineTrigger.Refresh)) {
      for (FactoryPipeline p : managed) {
        if (p.imageRecipeArn() == null || recipes.containsKey(p.imageRecipeArn())) {
          continue;
        }
        try {
          recipes.put(p.imageRecipeArn(), factory.recipe(p.imageRecipeArn()));
        } catch (SdkException e) {
          recipeErrors.put(p.imageRecipeArn(), AwsErrors.describe(e));
        }
      }
    }

    Selection selection = PipelineSelection.select(trigger, managed, recipes, settings.maxStartsPerRun());
    List<PipelineOutcome> outcomes = new ArrayList<>();
    for (PipelineSelection.Skip s : selection.skips()) {
      outcomes.add(
          s.reason() == SkipReason.RECIPE_UNREADABLE
              ? outcome(s.pipeline(), Status.FAILED, "RecipeUnreadable", recipeErrors.get(s.pipeline().imageRecipeArn()), null, null, null)
              : outcome(s.pipeline(), Status.SKIPPED, s.reason().name(), s.detail(), null, null, null));
    }
    int eventsPublished = 0;
    List<String> eventFailures = new ArrayList<>();
    for (PipelineSelection.Start s : selection.starts()) {
      PipelineOutcome o = settings.common().dryRun() ? wouldStart(s) : start(s);
      outcomes.add(o);
      if (o.status() == Status.STARTED) {
        // announced at once: a timeout later in the run must not leave a started build without its event
        // (a retry would see the build in progress and skip it)
        EventPublisher.PublishResult published = events.publish(
            List.of(new ImagePipelineStarted(o.pipelineArn(), o.imageBuildVersionArn(), o.clientToken(), trigger.reason(), trigger.triggerId())),
            e -> List.of(e.pipelineArn(), e.imageBuildVersionArn()));
        eventsPublished += published.published();
        published.failed().forEach(f -> eventFailures.add(f.detailType() + " " + o.pipelineName() + ": " + f.errorCode() + " " + f.errorMessage()));
      }
    }
    outcomes.forEach(o -> LOG.info("pipeline decision", entry("decision", o), entry("triggerId", trigger.triggerId())));

    PipelineStartResult result =
        new PipelineStartResult(
            settings.common().mode().value(),
            trigger.reason(),
            trigger.triggerId(),
            null,
            List.copyOf(outcomes),
            selection.notAffected(),
            selection.unknownTargets(),
            eventsPublished,
            List.copyOf(eventFailures),
            null,
            null);
    return notify(trigger, result);
  }

  private PipelineStartResult notify(PipelineTrigger trigger, PipelineStartResult result) {
    if (!StartNotification.worthSending(result)) {
      LOG.info("no managed pipeline concerned by the trigger; no notification", entry("triggerId", trigger.triggerId()));
      return result;
    }
    Notifier.Delivery delivery = notifier.tryPublish(StartNotification.of(trigger, result, settings));
    return result.withNotification(delivery.messageId(), delivery.error());
  }

  private PipelineOutcome wouldStart(PipelineSelection.Start s) {
    return outcome(s.pipeline(), Status.WOULD_START, null, s.note(), s.matchedBy(), s.clientToken(), null);
  }

  /** Re-reads the pipeline right before starting it, so a build that began meanwhile is not doubled. */
  private PipelineOutcome start(PipelineSelection.Start s) {
    FactoryPipeline p = s.pipeline();
    try {
      FactoryPipeline now = factory.current(p.arn());
      if (!now.managed()) {
        return outcome(p, Status.SKIPPED, "NOT_MANAGED", "tag compliant-ami:managed was removed before the start", s.matchedBy(), null, null);
      }
      if (!now.enabled()) {
        return outcome(p, Status.SKIPPED, SkipReason.DISABLED.name(), "pipeline status is now " + now.status(), s.matchedBy(), null, null);
      }
      if (now.buildInProgress()) {
        return outcome(p, Status.SKIPPED, SkipReason.BUILD_IN_PROGRESS.name(), "last run is now " + now.lastRunStatus(), s.matchedBy(), null, null);
      }
      String build = factory.start(p.arn(), s.clientToken());
      return outcome(p, Status.STARTED, null, s.note(), s.matchedBy(), s.clientToken(), build);
    } catch (ResourceInUseException e) {
      return outcome(p, Status.SKIPPED, SkipReason.BUILD_IN_PROGRESS.name(), "Image Builder: " + e.awsErrorDetails().errorMessage(), s.matchedBy(), null, null);
    } catch (SdkClientException e) {
      return unanswered(s, e);
    } catch (SdkException e) {
      return outcome(p, Status.FAILED, AwsErrors.code(e), e.getMessage(), s.matchedBy(), s.clientToken(), null);
    }
  }

  /**
   * The start got no answer (every attempt timed out or lost its connection): it may still have been carried out. The
   * pipeline is read again (it showed no build in progress a moment before the start): a build in progress now is
   * reported as {@value #START_UNCONFIRMED} rather than as a plain failure; a redelivery sees it in progress and skips
   * it, and the client token keeps any retry from starting a second build.
   */
  private PipelineOutcome unanswered(PipelineSelection.Start s, SdkClientException e) {
    FactoryPipeline p = s.pipeline();
    String why = AwsErrors.describe(e);
    try {
      if (factory.current(p.arn()).buildInProgress()) {
        return outcome(p, Status.FAILED, START_UNCONFIRMED, "Image Builder did not answer the start (" + why
            + "), but the pipeline now shows a build in progress: most likely this start; check it in the console", s.matchedBy(), s.clientToken(), null);
      }
    } catch (SdkException unreadable) {
      why += "; the pipeline could not be read again: " + AwsErrors.describe(unreadable);
    }
    return outcome(p, Status.FAILED, AwsErrors.code(e), why, s.matchedBy(), s.clientToken(), null);
  }

  private static PipelineOutcome outcome(
      FactoryPipeline p, Status status, String code, String detail, String matchedBy, String token, String build) {
    return new PipelineOutcome(p.arn(), p.name(), status, code, detail, matchedBy, token, build);
  }
}
