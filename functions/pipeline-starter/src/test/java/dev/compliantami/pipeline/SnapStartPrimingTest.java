package dev.compliantami.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.AwsCallRecorder;
import org.junit.jupiter.api.Test;

/** Priming runs before the SnapStart snapshot: it must warm the code paths without calling AWS. */
class SnapStartPrimingTest {

  @Test
  void primingMakesNoAwsCall() {
    try (AwsCallRecorder aws = new AwsCallRecorder()) {
      PipelineStarterHandler handler = Handlers.pipelineStarter("enforce", Handlers.TOPIC, "compliant-ami");

      handler.beforeCheckpoint(null);

      assertThat(aws.requests()).isEmpty();
    }
  }
}
