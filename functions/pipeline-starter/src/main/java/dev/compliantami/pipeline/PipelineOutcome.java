package dev.compliantami.pipeline;

/**
 * What happened to one pipeline in one invocation.
 *
 * @param code for SKIPPED, the skip reason (e.g. BUILD_IN_PROGRESS); for FAILED, the AWS error code
 */
public record PipelineOutcome(
    String pipelineArn,
    String pipelineName,
    Status status,
    String code,
    String detail,
    String matchedBy,
    String clientToken,
    String imageBuildVersionArn) {

  public enum Status {
    STARTED,
    WOULD_START,
    SKIPPED,
    FAILED
  }

  String line() {
    StringBuilder b = new StringBuilder(pipelineName);
    switch (status) {
      case STARTED -> b.append(": started build ").append(imageBuildVersionArn);
      case WOULD_START -> b.append(": would start a build");
      case SKIPPED -> b.append(": not started (").append(code).append(")");
      case FAILED -> b.append(": FAILED (").append(code).append(")");
    }
    if (matchedBy != null) {
      b.append(" — matched by ").append(matchedBy);
    }
    if (detail != null) {
      b.append(" — ").append(detail);
    }
    return b.toString();
  }
}
