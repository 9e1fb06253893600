package dev.compliantami.pipeline;

import static dev.compliantami.testing.SampleFactory.HIGH_ARM;
import static dev.compliantami.testing.SampleFactory.HIGH_X86;
import static dev.compliantami.testing.SampleFactory.UBUNTU;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.pipeline.PipelineOutcome.Status;
import dev.compliantami.testing.FaultProfile;
import dev.compliantami.testing.FaultProxy;
import dev.compliantami.testing.ImageBuilderStub;
import dev.compliantami.testing.ImageBuilderStub.StartedBuild;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SampleFactory;
import dev.compliantami.testing.SnsCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * pipeline-starter on the scheduled refresh (3 managed pipelines) under each fault profile of the Image Builder stub
 * (pipeline-starter assumes no role, so the unassumable-account profile does not apply): each pipeline gets its build
 * or is reported FAILED (result and notification) without one; the invocation fails only when nothing could be done;
 * the redelivered trigger on a healthy network starts exactly the builds still missing, never a second one.
 */
class FaultToleranceTest {
  private static final List<String> MANAGED = List.of(HIGH_ARM, HIGH_X86, UBUNTU);

  private LocalAws aws;
  private ImageBuilderStub ib;
  private SnsCapture topic;
  private FaultProxy proxy;

  static Stream<FaultProfile> profiles() {
    // besides the shared matrix, every start unanswered (slow): a deterministic mid-run failure where the starts took effect
    return Stream.concat(FaultProfile.matrix(20261203, 0.4).stream().filter(p -> !p.name().equals("unassumable")),
        Stream.of(FaultProfile.slow(1, 1.0, FaultProfile.SLOW).only(FaultProfile.Scope.MUTATING).onServices("imagebuilder")));
  }

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.routeSdkClients();
    ib = aws.imageBuilder();
    SampleFactory.seed(ib);
    topic = aws.notifications("security");
  }

  @AfterEach
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
    aws.close();
  }

  private Map<String, List<StartedBuild>> buildsByPipeline() {
    return ib.startedBuilds().stream().collect(Collectors.groupingBy(StartedBuild::imagePipelineArn));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void everyPipelineGetsOneBuildOrIsReportedAndTheRedeliveryStartsOnlyWhatIsMissing(FaultProfile profile) throws Exception {
    Map<String, Object> event = PipelineStarterIntegrationTest.event("schedule.json");
    proxy = FaultProxy.start(profile).routeSdkClients();
    PipelineStarterHandler h = Handlers.pipelineStarter("enforce", topic.topicArn(), aws.bus("suite").busName());
    LocalContext context = new LocalContext("pipeline-starter", 120, 1024);

    PipelineStartResult first = null;
    try {
      first = h.handleRequest(event, context);
    } catch (PipelineStartFailedException e) {
      first = e.result(); // nothing could be started: Lambda retries the invocation
      assertThat(first.count(Status.STARTED)).isZero();
    } catch (SdkException e) {
      // the managed pipelines could not even be listed: the invocation fails before any start
      assertThat(ib.startedBuilds()).isEmpty();
    }

    Map<String, List<StartedBuild>> afterFirst = buildsByPipeline();
    if (first != null) {
      assertThat(first.pipelines()).extracting(PipelineOutcome::pipelineArn).containsExactlyInAnyOrderElementsOf(MANAGED);
      SnsCapture.Notification n = topic.await(1, Duration.ofSeconds(10)).get(0);
      for (PipelineOutcome o : first.pipelines()) {
        assertThat(o.status()).as(o.line()).isIn(Status.STARTED, Status.FAILED);
        assertThat(n.message()).contains(o.line());
        if (o.status() == Status.STARTED) {
          assertThat(afterFirst.get(o.pipelineArn())).as(o.line()).singleElement()
              .satisfies(b -> assertThat(b.imageBuildVersionArn()).isEqualTo(o.imageBuildVersionArn()));
        } else if (PipelineStarter.START_UNCONFIRMED.equals(o.code())) {
          // no answer to the start, but the build shows up: reported as such, not as a plain failure
          assertThat(afterFirst.get(o.pipelineArn())).as(o.line()).hasSize(1);
        } else {
          assertThat(afterFirst).as("reported FAILED but a build was started: " + o.line()).doesNotContainKey(o.pipelineArn());
        }
      }
      if (first.count(Status.FAILED) > 0) {
        assertThat(n.subject()).contains("FAILED " + first.count(Status.FAILED));
      }
    }
    String tally = proxy.tally().toString();

    proxy.profile(FaultProfile.none());
    proxy.clearCalls();
    PipelineStartResult replay = h.handleRequest(event, context);

    // none lost, none doubled: one build per managed pipeline over both runs, and the replay asked only for the missing
    assertThat(buildsByPipeline()).containsOnlyKeys(MANAGED).allSatisfy((arn, builds) -> assertThat(builds).hasSize(1));
    assertThat(proxy.forwarded(ImageBuilderStub.START_IMAGE_PIPELINE_EXECUTION)).hasSize(MANAGED.size() - afterFirst.size());
    for (PipelineOutcome o : replay.pipelines()) {
      assertThat(o.status()).as(o.line()).isEqualTo(afterFirst.containsKey(o.pipelineArn()) ? Status.SKIPPED : Status.STARTED);
    }
    System.out.printf("FAULT|pipeline-starter|%s|calls=%s|firstRun=%s|buildsAfterFirstRun=%d%n", profile, tally,
        first == null ? "invocation failed" : first.pipelines().stream().map(o -> o.status() + (o.code() == null ? "" : "/" + o.code())).toList(),
        afterFirst.size());
  }
}
