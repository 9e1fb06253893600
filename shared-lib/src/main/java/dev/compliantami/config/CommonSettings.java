package dev.compliantami.config;

/**
 * The settings every function shares (architecture.md §5), read once at init.
 *
 * @param functionName POWERTOOLS_SERVICE_NAME, e.g. {@code pipeline-starter}; names the sender in
 *     notifications and events
 */
public record CommonSettings(
    Mode mode, String notifyTopicArn, String eventBusName, String region, String functionName) {

  public static CommonSettings from(EnvReader env) {
    return new CommonSettings(
        env.mode(),
        env.arn("NOTIFY_TOPIC_ARN", "sns"),
        env.eventBusName("EVENT_BUS_NAME"),
        env.region("AWS_REGION"),
        env.required("POWERTOOLS_SERVICE_NAME", "the function's short name, e.g. pipeline-starter"));
  }

  public boolean dryRun() {
    return mode.dryRun();
  }

  /** The account the suite runs in (the central account): the notification topic's owner. */
  public String centralAccountId() {
    return notifyTopicArn.split(":")[4];
  }
}
