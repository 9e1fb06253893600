package dev.compliantami.watcher;

import com.amazonaws.services.lambda.runtime.Context;
import dev.compliantami.testing.HostileInputProperties;
import java.util.Map;

class HostileInputPropertyTest extends HostileInputProperties {
  private ReleaseWatcherHandler handler;

  @Override
  protected String function() {
    return "release-watcher";
  }

  @Override
  protected Object invoke(Map<String, Object> event, Context context) {
    if (handler == null) {
      handler = new ReleaseWatcherHandler(Map.of("MODE", "enforce", "AWS_REGION", "us-east-1",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "EVENT_BUS_NAME", "compliant-ami",
          "POWERTOOLS_SERVICE_NAME", "release-watcher", "STATE_TABLE", "compliant-ami-state",
          "WATCHED_BASE_IMAGES", "al2023-x86_64=ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
          "WATCHED_COMPONENTS", "stig-build-linux-high", "DISCOVER_PIPELINE_PARENTS", "false"));
    }
    return handler.handleRequest(event, context);
  }
}
