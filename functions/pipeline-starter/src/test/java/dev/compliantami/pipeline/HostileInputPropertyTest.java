package dev.compliantami.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import dev.compliantami.testing.HostileInputProperties;
import java.util.Map;

class HostileInputPropertyTest extends HostileInputProperties {
  private PipelineStarterHandler handler;

  @Override
  protected String function() {
    return "pipeline-starter";
  }

  @Override
  protected Object invoke(Map<String, Object> event, Context context) {
    if (handler == null) {
      handler = Handlers.pipelineStarter("enforce", Handlers.TOPIC, "compliant-ami");
    }
    return handler.handleRequest(event, context);
  }
}
