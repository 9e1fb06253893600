package dev.compliantami.allowedamis;

import com.amazonaws.services.lambda.runtime.Context;
import dev.compliantami.testing.HostileInputProperties;
import java.util.Map;

class HostileInputPropertyTest extends HostileInputProperties {
  private AllowedAmisEnforcerHandler handler;

  @Override
  protected String function() {
    return "allowed-amis-enforcer";
  }

  @Override
  protected Object invoke(Map<String, Object> event, Context context) {
    if (handler == null) {
      handler = new AllowedAmisEnforcerHandler(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "allowed-amis-enforcer",
          "FACTORY_ACCOUNT_ID", "123456789012", "BOUNDARY_ACCOUNT_IDS", "111111111111", "BOUNDARY_REGIONS", "us-east-1"));
    }
    return handler.handleRequest(event, context);
  }
}
