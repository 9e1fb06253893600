package dev.compliantami.reaper;

import dev.compliantami.testing.FleetAwsStub;
import static dev.compliantami.reaper.Fleet.CENTRAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.LambdaRuntime;
import dev.compliantami.testing.LocalAws;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Every sample in {@code events/instance-reaper/} (the schedule's and a manual run's job event), read by the Lambda
 * runtime's serialiser, runs the reaper in dry-run over a small boundary in moto: an over-age standalone instance and
 * an over-age Auto Scaling group; the result is written back by the same serialiser.
 */
class SampleEventsTest {
  static final Instant NOW = Instant.now();
  static final Instant OLD = NOW.minus(Duration.ofDays(40));
  private LocalAws aws;
  private FleetAwsStub stub;
  private Fleet fleet;

  static Stream<Path> samples() throws IOException {
    return LambdaRuntime.samples("instance-reaper");
  }

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.moto().reset();
    aws.routeSdkClients();
    stub = new FleetAwsStub(aws.moto().endpoint()).routeSdkClients();
    fleet = new Fleet(aws.moto());
  }

  @AfterEach
  void tearDown() {
    fleet.close();
    stub.close();
    aws.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleRunsTheReaperAndItsResultSerialisesLikeLambdaWould(Path sample) throws Exception {
    String pet = fleet.standalone(CENTRAL, "us-east-1", Map.of("Name", "pet"), false);
    List<String> web = fleet.group(CENTRAL, "us-east-1", "web-sample", 2);
    stub.age(pet, OLD, OLD);
    web.forEach(id -> stub.age(id, OLD, OLD));
    InstanceReaperHandler h = new InstanceReaperHandler(Map.of("MODE", "dry-run", "AWS_REGION", "us-east-1",
        "NOTIFY_TOPIC_ARN", aws.notifications("security").topicArn(), "EVENT_BUS_NAME", aws.bus("suite").busName(),
        "POWERTOOLS_SERVICE_NAME", "instance-reaper", "BOUNDARY_ACCOUNT_IDS", CENTRAL, "BOUNDARY_REGIONS", "us-east-1",
        "STANDALONE_ACTION", "terminate", "MAX_TERMINATION_PERCENT_PER_ACCOUNT", "100"), Clock.fixed(NOW, ZoneOffset.UTC));
    Map<String, Object> event = LambdaRuntime.readEvent(InstanceReaperHandler.class, sample);

    ReapResult r = h.handleRequest(event, new LocalContext("instance-reaper", 600, 1024));

    assertThat(r.ignoredBecause()).as("%s must be handled", sample.getFileName()).isNull();
    assertThat(r.targets()).singleElement().satisfies(t -> assertThat(t.status()).isEqualTo("OK"));
    assertThat(r.outcomes()).filteredOn(o -> o.instanceId().equals(pet)).singleElement()
        .satisfies(o -> assertThat(o.action()).isEqualTo("would-terminate"));
    assertThat(r.outcomes()).filteredOn(o -> web.contains(o.instanceId())).extracting(InstanceOutcome::action)
        .containsExactlyInAnyOrder("would-replace", "left-for-later");
    assertThat(fleet.state(CENTRAL, "us-east-1", pet)).isEqualTo(InstanceStateName.RUNNING);
    assertThat(r.notificationMessageId()).isNotNull();
    String written = LambdaRuntime.writeResult(InstanceReaperHandler.class, r);
    LambdaRuntime.assertMirrors(r, written);
    assertThat(written).as("times as ISO-8601 text, not the runtime's epoch decimals").contains("\"since\":\"" + r.outcomes().get(0).since() + "\"");
  }
}
