package dev.compliantami.pipeline;

import static dev.compliantami.testing.SampleFactory.HIGH_ARM;
import static dev.compliantami.testing.SampleFactory.HIGH_X86;
import static dev.compliantami.testing.SampleFactory.UBUNTU;
import static dev.compliantami.testing.ImageBuilderStub.START_IMAGE_PIPELINE_EXECUTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.testing.SampleFactory;
import dev.compliantami.events.Json;
import dev.compliantami.local.LocalContext;
import dev.compliantami.pipeline.PipelineOutcome.Status;
import dev.compliantami.policy.ClientTokens;
import dev.compliantami.testing.EventCapture;
import dev.compliantami.testing.ImageBuilderStub;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** pipeline-starter end to end: real SDK clients against the Image Builder stub (WireMock) and moto. */
class PipelineStarterIntegrationTest {
  private static final Path EVENTS = Path.of("../../events/pipeline-starter");

  private LocalAws aws;
  private ImageBuilderStub ib;
  private SnsCapture topic;
  private EventCapture bus;

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.routeSdkClients();
    ib = aws.imageBuilder();
    SampleFactory.seed(ib);
    topic = aws.notifications("security");
    bus = aws.bus("suite");
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private PipelineStarterHandler handler(String mode) {
    return Handlers.pipelineStarter(mode, topic.topicArn(), bus.busName());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> event(String file) throws Exception {
    return Json.MAPPER.readValue(Files.readString(EVENTS.resolve(file)), Map.class);
  }

  private static PipelineStartResult invoke(PipelineStarterHandler h, Map<String, Object> event) {
    return h.handleRequest(event, new LocalContext("pipeline-starter", 120, 1024));
  }

  private static PipelineOutcome outcome(PipelineStartResult r, String arn) {
    return r.pipelines().stream().filter(p -> p.pipelineArn().equals(arn)).findFirst().orElseThrow();
  }

  @Test
  void scheduleStartsEveryManagedPipelineOnceAndTellsTheTeamAndTheBus() throws Exception {
    ib.pageSize(1); // four pipelines, four pages: every page must be read

    PipelineStartResult r = invoke(handler("enforce"), event("schedule.json"));

    assertThat(ib.requests(ImageBuilderStub.LIST_IMAGE_PIPELINES)).hasSize(4);

    assertThat(r.reason()).isEqualTo("schedule");
    assertThat(r.pipelines()).extracting(PipelineOutcome::pipelineArn).containsExactly(HIGH_ARM, HIGH_X86, UBUNTU);
    assertThat(r.pipelines()).extracting(PipelineOutcome::status).containsOnly(Status.STARTED);
    assertThat(ib.startedBuilds()).extracting(ImageBuilderStub.StartedBuild::imagePipelineArn)
        .containsExactlyInAnyOrder(HIGH_ARM, HIGH_X86, UBUNTU);
    String executionId = "b4cbbd4f-0f4e-4a13-9a53-1f4f1b2a2c11";
    assertThat(ib.startedBuilds()).allSatisfy(b -> assertThat(b.clientToken()).isEqualTo(ClientTokens.of(executionId, b.imagePipelineArn())));

    List<JsonNode> events = bus.await(3, Duration.ofSeconds(10));
    assertThat(events).hasSize(3).allSatisfy(e -> {
      assertThat(e.get("detail-type").asText()).isEqualTo("Image Pipeline Started");
      assertThat(e.get("source").asText()).isEqualTo("compliant-ami");
      assertThat(e.get("detail").get("reason").asText()).isEqualTo("schedule");
      assertThat(e.get("detail").get("triggerEventId").asText()).isEqualTo(executionId);
      assertThat(e.get("detail").get("imageBuildVersionArn").asText()).contains(":image/");
    });
    assertThat(r.eventsPublished()).isEqualTo(3);

    SnsCapture.Notification n = topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).isEqualTo("[compliant-ami] pipeline-starter started 3 of 3 factory pipeline(s) (schedule)");
    assertThat(n.message()).contains("What was done:").contains("al2023-stig-high: started build arn:aws:imagebuilder:");
    assertThat(n.messageAttributes()).containsEntry("severity", "INFO").containsEntry("function", "pipeline-starter");
    assertThat(r.notificationMessageId()).isEqualTo(n.messageId());
  }

  @Test
  void redeliveredEventStartsOneBuild() throws Exception {
    PipelineStarterHandler h = handler("enforce");
    Map<String, Object> e = event("base-image-updated.json");

    PipelineStartResult first = invoke(h, e);
    PipelineStartResult second = invoke(h, e); // the build is still running

    assertThat(outcome(first, HIGH_X86).status()).isEqualTo(Status.STARTED);
    assertThat(outcome(second, HIGH_X86).status()).isEqualTo(Status.SKIPPED);
    assertThat(outcome(second, HIGH_X86).code()).isEqualTo("BUILD_IN_PROGRESS");
    assertThat(ib.startedBuilds()).hasSize(1);

    // Later redelivery (build finished, e.g. an archive replay): the same client token returns the original build.
    ib.completeBuild(outcome(first, HIGH_X86).imageBuildVersionArn());
    PipelineStartResult third = invoke(h, e);
    assertThat(outcome(third, HIGH_X86).imageBuildVersionArn()).isEqualTo(outcome(first, HIGH_X86).imageBuildVersionArn());
    assertThat(ib.startedBuilds()).hasSize(1);
  }

  @Test
  void baseImageUpdateStartsOnlyThePipelinesBuiltOnThatImage() throws Exception {
    PipelineStartResult r = invoke(handler("enforce"), event("base-image-updated.json"));

    assertThat(r.pipelines()).singleElement().satisfies(p -> {
      assertThat(p.pipelineArn()).isEqualTo(HIGH_X86);
      assertThat(p.matchedBy()).isEqualTo("recipe parent image ssm:" + SampleFactory.AL2023_X86);
    });
    assertThat(r.notAffected()).isEqualTo(2);
    assertThat(ib.requests(START_IMAGE_PIPELINE_EXECUTION)).hasSize(1);
  }

  @Test
  void componentReleaseStartsThePipelinesThatUseIt() throws Exception {
    PipelineStartResult r = invoke(handler("enforce"), event("hardening-component-released.json"));
    assertThat(r.pipelines()).extracting(PipelineOutcome::pipelineArn).containsExactly(HIGH_ARM, HIGH_X86);
    assertThat(r.reason()).isEqualTo("hardening-component-released");
  }

  @Test
  void buildAlreadyRunningIsNotStartedAgainAndTheResultSaysSo() throws Exception {
    ib.addPipeline(ib.pipeline(UBUNTU).withLastRunStatus("TESTING"));

    PipelineStartResult r = invoke(handler("enforce"), event("schedule.json"));

    PipelineOutcome ubuntu = outcome(r, UBUNTU);
    assertThat(ubuntu.status()).isEqualTo(Status.SKIPPED);
    assertThat(ubuntu.code()).isEqualTo("BUILD_IN_PROGRESS");
    assertThat(ubuntu.detail()).isEqualTo("last run is TESTING");
    assertThat(ib.startedBuilds()).extracting(ImageBuilderStub.StartedBuild::imagePipelineArn).doesNotContain(UBUNTU);
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("ubuntu2204-cis: not started (BUILD_IN_PROGRESS)");
  }

  @Test
  void dryRunStartsNothingAndReportsExactlyWhatItWouldStart() throws Exception {
    PipelineStartResult r = invoke(handler("dry-run"), event("schedule.json"));

    assertThat(r.mode()).isEqualTo("dry-run");
    assertThat(r.pipelines()).extracting(PipelineOutcome::status).containsOnly(Status.WOULD_START);
    assertThat(r.pipelines()).extracting(PipelineOutcome::pipelineArn).containsExactly(HIGH_ARM, HIGH_X86, UBUNTU);
    assertThat(ib.mutatingRequests()).isEmpty();
    assertThat(ib.startedBuilds()).isEmpty();
    SnsCapture.Notification n = topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("would start 3 of 3");
    assertThat(n.message()).contains("dry-run mode: nothing was changed");
    assertThat(n.messageAttributes()).containsEntry("mode", "dry-run");
    assertThat(bus.receiveFor(Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void oneFailingPipelineDoesNotStopTheOthersAndIsReported() throws Exception {
    ib.failAlways(START_IMAGE_PIPELINE_EXECUTION, HIGH_ARM, "ResourceNotFoundException");

    PipelineStartResult r = invoke(handler("enforce"), event("schedule.json"));

    assertThat(outcome(r, HIGH_ARM).status()).isEqualTo(Status.FAILED);
    assertThat(outcome(r, HIGH_ARM).code()).isEqualTo("ResourceNotFoundException");
    assertThat(outcome(r, HIGH_X86).status()).isEqualTo(Status.STARTED);
    assertThat(outcome(r, UBUNTU).status()).isEqualTo(Status.STARTED);
    SnsCapture.Notification n = topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("FAILED 1, started 2 of 3");
    assertThat(n.messageAttributes()).containsEntry("severity", "WARNING");
    assertThat(n.message()).contains("al2023-arm64-stig-high: FAILED (ResourceNotFoundException)");
  }

  @Test
  void whenEveryPipelineFailsTheInvocationFailsSoLambdaRetries() throws Exception {
    ib.failAlways(START_IMAGE_PIPELINE_EXECUTION, null, "ForbiddenException");

    assertThatThrownBy(() -> invoke(handler("enforce"), event("hardening-component-released.json")))
        .isInstanceOf(PipelineStartFailedException.class)
        .hasMessageContaining("al2023-stig-high: FAILED (ForbiddenException)")
        .hasMessageContaining("al2023-arm64-stig-high: FAILED (ForbiddenException)");
    assertThat(ib.startedBuilds()).isEmpty();
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).subject()).contains("FAILED 2, started 0 of 2");
  }

  @Test
  void throttlingIsRetriedBySdkAndTheBuildStarts() throws Exception {
    ib.failNext(START_IMAGE_PIPELINE_EXECUTION, "CallRateLimitExceededException", 2);

    PipelineStartResult r = invoke(handler("enforce"), event("base-image-updated.json"));

    assertThat(outcome(r, HIGH_X86).status()).isEqualTo(Status.STARTED);
    assertThat(ib.requests(START_IMAGE_PIPELINE_EXECUTION)).hasSize(3);
    assertThat(ib.startedBuilds()).hasSize(1);
  }

  @Test
  void pipelinesThatCannotBeListedFailTheInvocationWithoutActing() throws Exception {
    ib.failAlways(ImageBuilderStub.LIST_IMAGE_PIPELINES, null, "ServiceUnavailableException");

    assertThatThrownBy(() -> invoke(handler("enforce"), event("schedule.json")))
        .hasMessageContaining("ServiceUnavailable");
    assertThat(ib.mutatingRequests()).isEmpty();
    assertThat(topic.receiveFor(Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void manualRunStartsOnlyItsTargetsAndNamesUnknownOnes() throws Exception {
    Map<String, Object> e = Map.of("job", "start-pipelines", "requestId", "CHG-7", "targets", List.of("ubuntu2204-cis", "does-not-exist"));

    PipelineStartResult r = invoke(handler("enforce"), e);

    assertThat(r.reason()).isEqualTo("manual");
    assertThat(r.pipelines()).extracting(PipelineOutcome::pipelineArn).containsExactly(UBUNTU);
    assertThat(r.unknownTargets()).containsExactly("does-not-exist");
    assertThat(topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("does-not-exist: no managed pipeline has this name or ARN");
  }

  @Test
  void unmanagedPipelinesAreNeverStarted() throws Exception {
    invoke(handler("enforce"), event("schedule.json"));
    assertThat(ib.startedBuilds()).extracting(ImageBuilderStub.StartedBuild::imagePipelineArn).doesNotContain(SampleFactory.UNMANAGED);
  }
}
