package dev.compliantami.events;

/** pipeline-starter: a build of a factory pipeline was started. */
public record ImagePipelineStarted(
    int schemaVersion,
    String pipelineArn,
    String imageBuildVersionArn,
    String clientToken,
    String reason,
    String triggerEventId)
    implements CustomDetail {
  public static final String DETAIL_TYPE = "Image Pipeline Started";

  public ImagePipelineStarted(
      String pipelineArn, String imageBuildVersionArn, String clientToken, String reason, String triggerEventId) {
    this(SCHEMA_VERSION, pipelineArn, imageBuildVersionArn, clientToken, reason, triggerEventId);
  }

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }
}
