package dev.compliantami.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.events.Json;
import dev.compliantami.local.LocalContext;
import dev.compliantami.pipeline.PipelineOutcome.Status;
import dev.compliantami.testing.ImageBuilderStub;
import dev.compliantami.testing.LambdaRuntime;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SampleFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample in {@code events/pipeline-starter/} (what {@code sam local invoke -e} and the docs use)
 * goes through the path a real invocation takes: the payload is deserialised by the Lambda Java
 * runtime's own serialiser ({@code aws-lambda-java-serialization}) into the handler's declared input
 * type, handled in dry-run against moto and the Image Builder stub, and the handler's result is
 * serialised back by the same library — so the samples are accepted, change nothing, and the record
 * we return reaches the caller with its fields.
 */
class SampleEventsTest {
  private LocalAws aws;
  private ImageBuilderStub ib;
  private PipelineStarterHandler handler;

  static Stream<Path> samples() throws IOException {
    return LambdaRuntime.samples("pipeline-starter");
  }

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.routeSdkClients();
    ib = aws.imageBuilder();
    SampleFactory.seed(ib);
    handler = Handlers.pipelineStarter("dry-run", aws.notifications("security").topicArn(), aws.bus("suite").busName());
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsAcceptedInDryRunAndItsResultSerialisesLikeLambdaWould(Path sample) throws Exception {
    Map<String, Object> event = LambdaRuntime.readEvent(PipelineStarterHandler.class, sample);

    PipelineStartResult result;
    try {
      result = handler.handleRequest(event, new LocalContext("pipeline-starter", 120, 1024));
    } catch (RuntimeException e) {
      throw new AssertionError(sample.getFileName() + " was not accepted by PipelineStarterHandler: " + e, e);
    }

    assertThat(result.ignoredBecause()).as("%s must be handled, not ignored", sample.getFileName()).isNull();
    assertThat(result.mode()).isEqualTo("dry-run");
    assertThat(result.pipelines()).as("pipeline outcomes for %s", sample.getFileName())
        .extracting(PipelineOutcome::status)
        .contains(Status.WOULD_START)
        .doesNotContain(Status.STARTED, Status.FAILED);
    assertThat(ib.mutatingRequests()).as("mutating Image Builder requests in dry-run").isEmpty();
    assertThat(ib.startedBuilds()).isEmpty();
    assertThat(result.notificationError()).as("SNS notification error").isNull();

    String json = LambdaRuntime.writeResult(PipelineStarterHandler.class, result);
    JsonNode node = Json.MAPPER.readTree(json);
    assertThat(node.path("mode").asText()).as(json).isEqualTo("dry-run");
    assertThat(node.path("reason").asText()).as(json).isEqualTo(result.reason()).isNotBlank();
    assertThat(node.path("triggerId").asText()).as(json).isEqualTo(result.triggerId()).isNotBlank();
    assertThat(node.path("pipelines").isArray()).as(json).isTrue();
    assertThat(node.path("pipelines")).as(json).hasSize(result.pipelines().size());
    JsonNode first = node.path("pipelines").get(0);
    assertThat(first.path("status").asText()).as(json).isEqualTo(result.pipelines().get(0).status().name());
    assertThat(first.path("pipelineArn").asText()).as(json).startsWith("arn:aws:imagebuilder:");
    assertThat(first.path("pipelineName").asText()).as(json).isNotBlank();
    assertThat(node.path("notAffected").isInt()).as(json).isTrue();
    assertThat(node.path("eventsPublished").isInt()).as(json).isTrue();
    assertThat(node.has("ignoredBecause") && !node.get("ignoredBecause").isNull()).as(json).isFalse();
    // and, generically, every record component with a value is in the JSON with that value
    LambdaRuntime.assertMirrors(result, json);
  }
}
