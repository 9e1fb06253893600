package dev.compliantami.report;

import com.amazonaws.services.lambda.runtime.Context;
import dev.compliantami.testing.HostileInputProperties;
import java.util.Map;

class HostileInputPropertyTest extends HostileInputProperties {
  private FleetReportHandler handler;

  @Override
  protected String function() {
    return "fleet-report";
  }

  @Override
  protected Object invoke(Map<String, Object> event, Context context) {
    if (handler == null) {
      handler = new FleetReportHandler(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t", "POWERTOOLS_SERVICE_NAME", "fleet-report",
          "FACTORY_ACCOUNT_ID", "123456789012", "REPORT_BUCKET", "reports-bucket",
          "BOUNDARY_ACCOUNT_IDS", "111111111111", "BOUNDARY_REGIONS", "us-east-1"));
    }
    return handler.handleRequest(event, context);
  }
}
