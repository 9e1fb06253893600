package dev.compliantami.pipeline;

import dev.compliantami.events.BaseImageUpdated;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.events.Dispatch;
import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.HardeningComponentReleased;
import dev.compliantami.events.InboundEvent;
import dev.compliantami.events.JobInvocation;
import dev.compliantami.events.MalformedEventException;
import dev.compliantami.events.SnsNotification;
import dev.compliantami.policy.PipelineTrigger;

/** Turns what pipeline-starter was invoked with into a {@link PipelineTrigger}, or says why it is ignored. */
final class Triggers {
  static final String JOB_REFRESH = "pipeline-refresh";
  static final String JOB_MANUAL = "start-pipelines";

  private Triggers() {}

  static Dispatch<PipelineTrigger> route(InboundEvent event, PipelineStarterSettings settings) {
    return switch (event) {
      case EventEnvelope e -> envelope(e, settings);
      case JobInvocation j -> job(j);
      case SnsNotification n -> Dispatch.ignore("SNS messages (" + n.topicArn() + ") are not handled by pipeline-starter");
    };
  }

  private static Dispatch<PipelineTrigger> envelope(EventEnvelope e, PipelineStarterSettings settings) {
    String functionRegion = settings.common().region();
    if (!CustomDetail.SOURCE.equals(e.source())) {
      return Dispatch.ignore("source " + e.source() + " is not handled by pipeline-starter");
    }
    return switch (e.detailType()) {
      case BaseImageUpdated.DETAIL_TYPE -> {
        BaseImageUpdated d = BaseImageUpdated.parse(e.detailFields());
        yield d.region().equals(functionRegion)
            ? Dispatch.accept(new PipelineTrigger.BaseImageChanged(
                e.id(), d.baseImage(), d.region(), d.imageId(), settings.ssmParameterOf(d.baseImage())))
            : Dispatch.ignore("base image " + d.baseImage() + " changed in " + d.region()
                + "; this factory's pipelines are in " + functionRegion);
      }
      case HardeningComponentReleased.DETAIL_TYPE -> {
        HardeningComponentReleased d = HardeningComponentReleased.parse(e.detailFields());
        yield Dispatch.accept(new PipelineTrigger.ComponentReleased(e.id(), d.componentName(), d.version()));
      }
      default -> Dispatch.ignore("detail-type '" + e.detailType() + "' is not handled by pipeline-starter");
    };
  }

  private static Dispatch<PipelineTrigger> job(JobInvocation j) {
    return switch (j.job()) {
      case JOB_REFRESH -> {
        if (!j.scheduled()) {
          throw new MalformedEventException("$.executionId", "the scheduler's execution id for job " + JOB_REFRESH, "nothing");
        }
        yield Dispatch.accept(new PipelineTrigger.Refresh(j.invocationId(), true, j.targets()));
      }
      case JOB_MANUAL -> Dispatch.accept(new PipelineTrigger.Refresh(j.invocationId(), false, j.targets()));
      default -> Dispatch.ignore("job '" + j.job() + "' is not handled by pipeline-starter");
    };
  }
}
