package dev.compliantami.launch;

import com.amazonaws.services.lambda.runtime.Context;
import dev.compliantami.testing.HostileInputProperties;
import java.util.Map;

class HostileInputPropertyTest extends HostileInputProperties {
  private LaunchAuditorHandler handler;

  @Override
  protected String function() {
    return "launch-auditor";
  }

  @Override
  protected Object invoke(Map<String, Object> event, Context context) {
    if (handler == null) {
      handler = new LaunchAuditorHandler(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "launch-auditor",
          "FACTORY_ACCOUNT_ID", "123456789012", "LAUNCH_AUDITOR_ACTION", "terminate",
          "BOUNDARY_ACCOUNT_IDS", "111111111111,222222222222", "BOUNDARY_REGIONS", "us-east-1"));
    }
    return handler.handleRequest(event, context);
  }
}
