package dev.compliantami.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.config.EnvReader;
import dev.compliantami.events.Dispatch;
import dev.compliantami.events.InboundEvents;
import dev.compliantami.events.Json;
import dev.compliantami.imagebuilder.FactoryPipelines;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.pipeline.PipelineOutcome.Status;
import dev.compliantami.policy.PipelineSelection;
import dev.compliantami.policy.PipelineTrigger;
import dev.compliantami.telemetry.Invocations;
import dev.compliantami.telemetry.SnapStartPriming;
import dev.compliantami.telemetry.Telemetry;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Starts the AMI factory's managed Image Builder pipelines on {@code Base Image Updated}, {@code
 * Hardening Component Released}, the periodic schedule ({@code {"job":"pipeline-refresh",…}}) or a
 * manual request ({@code {"job":"start-pipelines","requestId":…}}).
 */
public final class PipelineStarterHandler
    implements RequestHandler<Map<String, Object>, PipelineStartResult>, SnapStartPriming {

  private final PipelineStarterSettings settings;
  private final AwsClients clients;
  private final Lazy<PipelineStarter> starter;

  public PipelineStarterHandler() {
    this(System.getenv());
  }

  PipelineStarterHandler(Map<String, String> env) {
    this.settings = PipelineStarterSettings.from(new EnvReader(env));
    this.clients = new AwsClients(settings.common().region());
    this.starter = Lazy.of(() -> new PipelineStarter(
        settings,
        new FactoryPipelines(clients.get(ImagebuilderClient.class, ImagebuilderClient::builder)),
        EventPublisher.of(clients, settings.common()),
        Notifier.of(clients, settings.common())));
    registerForSnapStart();
  }

  /**
   * SnapStart priming: before the snapshot is taken, load and initialise what every invocation uses
   * (SDK clients, parsing, selection, JSON) so restored environments start warm. No AWS call is made.
   */
  @Override
  public void prime() {
    starter.get();
    Map<String, Object> sample =
        Map.of("job", Triggers.JOB_REFRESH, "executionId", "snapstart-priming", "scheduledTime", "2026-01-01T00:00:00Z");
    Dispatch<PipelineTrigger> primed = Triggers.route(InboundEvents.parse(sample), settings);
    PipelineSelection.select(((Dispatch.Accepted<PipelineTrigger>) primed).trigger(), List.of(), Map.of(), 1);
    Json.write(PipelineStartResult.ignored(settings.common().mode().value(), "priming"));
  }


  @Override
  public PipelineStartResult handleRequest(Map<String, Object> input, Context context) {
    return Telemetry.invoke(context, metrics -> handle(input, metrics));
  }

  private PipelineStartResult handle(Map<String, Object> input, Metrics metrics) {
    return switch (Triggers.route(Invocations.parse(input, metrics), settings)) {
      case Dispatch.Ignored<PipelineTrigger> ignored -> {
        Invocations.ignored(metrics, ignored.reason());
        yield PipelineStartResult.ignored(settings.common().mode().value(), ignored.reason());
      }
      case Dispatch.Accepted<PipelineTrigger> accepted -> act(accepted.trigger(), metrics);
    };
  }

  private PipelineStartResult act(PipelineTrigger trigger, Metrics metrics) {
    PipelineStartResult result = starter.get().run(trigger);
    metrics.addMetric("PipelinesStarted", result.count(Status.STARTED), MetricUnit.COUNT);
    metrics.addMetric("PipelinesWouldStart", result.count(Status.WOULD_START), MetricUnit.COUNT);
    metrics.addMetric("PipelinesSkipped", result.count(Status.SKIPPED), MetricUnit.COUNT);
    metrics.addMetric("PipelineStartFailures", result.count(Status.FAILED), MetricUnit.COUNT);
    if (result.notificationError() != null) {
      metrics.addMetric("NotificationFailures", 1, MetricUnit.COUNT);
    }
    long failed = result.count(Status.FAILED);
    if (failed > 0 && result.count(Status.STARTED) + result.count(Status.WOULD_START) == 0) {
      // nothing could be done: fail so Lambda's async retry and the on-failure destination engage
      throw new PipelineStartFailedException(result);
    }
    return result;
  }
}
