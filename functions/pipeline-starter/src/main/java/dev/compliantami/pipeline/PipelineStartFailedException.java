package dev.compliantami.pipeline;

import java.util.stream.Collectors;

/** Every pipeline the trigger concerned failed: the invocation fails so Lambda retries it. */
public final class PipelineStartFailedException extends RuntimeException {
  private final transient PipelineStartResult result;

  PipelineStartFailedException(PipelineStartResult result) {
    super("no pipeline could be started for trigger " + result.triggerId() + ": "
        + result.pipelines().stream()
            .filter(p -> p.status() == PipelineOutcome.Status.FAILED)
            .map(PipelineOutcome::line)
            .collect(Collectors.joining("; ")));
    this.result = result;
  }

  public PipelineStartResult result() {
    return result;
  }
}
