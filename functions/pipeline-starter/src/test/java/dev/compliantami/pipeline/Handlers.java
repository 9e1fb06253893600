package dev.compliantami.pipeline;

import java.util.Map;

/** Handlers configured the way the template configures the deployed function. */
final class Handlers {
  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:security";

  private Handlers() {}

  static PipelineStarterHandler pipelineStarter(String mode, String topicArn, String busName) {
    return new PipelineStarterHandler(
        Map.of(
            "MODE", mode,
            "AWS_REGION", "us-east-1",
            "NOTIFY_TOPIC_ARN", topicArn,
            "EVENT_BUS_NAME", busName,
            "POWERTOOLS_SERVICE_NAME", "pipeline-starter",
            "MAX_PIPELINE_STARTS_PER_RUN", "10"));
  }
}
