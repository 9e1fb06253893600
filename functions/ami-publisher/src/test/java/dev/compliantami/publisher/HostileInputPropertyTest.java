package dev.compliantami.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import dev.compliantami.testing.HostileInputProperties;
import java.util.Map;

class HostileInputPropertyTest extends HostileInputProperties {
  private AmiPublisherHandler handler;

  @Override
  protected String function() {
    return "ami-publisher";
  }

  @Override
  protected Object invoke(Map<String, Object> event, Context context) {
    if (handler == null) {
      handler = new AmiPublisherHandler(Map.of("AWS_REGION", "us-east-1", "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t",
          "POWERTOOLS_SERVICE_NAME", "ami-publisher", "MODE", "enforce", "ORGANIZATION_ARN", PublisherFixture.ORG_ARN));
    }
    return handler.handleRequest(event, context);
  }
}
