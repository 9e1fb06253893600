package dev.compliantami.reaper;

import com.amazonaws.services.lambda.runtime.Context;
import dev.compliantami.testing.HostileInputProperties;
import java.time.Clock;
import java.util.Map;

class HostileInputPropertyTest extends HostileInputProperties {
  private InstanceReaperHandler handler;

  @Override
  protected String function() {
    return "instance-reaper";
  }

  @Override
  protected Object invoke(Map<String, Object> event, Context context) {
    if (handler == null) {
      handler = new InstanceReaperHandler(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "instance-reaper",
          "BOUNDARY_ACCOUNT_IDS", "111111111111", "BOUNDARY_REGIONS", "us-east-1", "STANDALONE_ACTION", "terminate"), Clock.systemUTC());
    }
    return handler.handleRequest(event, context);
  }
}
