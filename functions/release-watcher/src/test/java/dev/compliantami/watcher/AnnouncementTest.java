package dev.compliantami.watcher;

import static dev.compliantami.watcher.WatcherFixture.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.testing.ImageBuilderStub;
import dev.compliantami.testing.ImageBuilderStub.ComponentSeed;
import dev.compliantami.testing.SnsCapture;
import dev.compliantami.watcher.ItemOutcome.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * A release is announced right after its own compare-and-set, before the next item is read, and its record
 * is undone at once when the event cannot be put (or would be rejected by pipeline-starter): no crash,
 * timeout or failed write between recording and announcing loses a release silently.
 */
class AnnouncementTest {
  private static final String BASE_KEY = "base-image#us-east-1#al2023-x86";
  private static final String STIG_KEY = "component#us-east-1#stig-build-linux-high";

  private WatcherFixture f;

  @BeforeEach
  void setUp() {
    f = new WatcherFixture();
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64");
    f.image("RHEL-9.4.0_HVM-20261001-x86_64-" + f.prefix.substring(2) + "-Hourly2-GP3");
    SdkFaults.reset();
  }

  @AfterEach
  void tearDown() {
    SdkFaults.reset();
    f.close();
  }

  private static ItemOutcome item(WatchResult r, String name) {
    return r.items().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  private String stored(String key) {
    return f.state().stream().filter(i -> i.get("pk").s().equals(key)).findFirst().map(i -> i.get("lastValue")).map(AttributeValue::s).orElse(null);
  }

  @Test
  void releaseIsOnTheBusBeforeTheNextItemIsReadSoACrashAfterItLosesNothing() {
    ReleaseWatcherHandler h = f.handler(Map.of());
    String oldAmi = item(poll(h, "run-1"), "al2023-x86").current();
    String newAmi = f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    f.component("stig-build-linux-high", "2023.11.0", "ACTIVE");
    // the run is cut off (a Lambda timeout) when it reaches the components, after the base image changed
    SdkFaults.failNth("Imagebuilder:ListComponents", 1, () -> new SdkFaults.SimulatedCrash("Task timed out after 180.00 seconds"));

    Throwable crash = catchThrowable(() -> poll(h, "run-2"));

    assertThat(crash).isInstanceOf(SdkFaults.SimulatedCrash.class);
    JsonNode event = f.bus.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(event.get("detail-type").asText()).isEqualTo("Base Image Updated");
    assertThat(event.get("detail").get("previousImageId").asText()).isEqualTo(oldAmi);
    assertThat(event.get("detail").get("imageId").asText()).isEqualTo(newAmi);
    assertThat(stored(BASE_KEY)).isEqualTo(newAmi);
    assertThat(stored(STIG_KEY)).as("the crash came before the component was recorded").isEqualTo("2023.10.1|ACTIVE");

    WatchResult next = poll(h, "run-3");
    assertThat(item(next, "al2023-x86").status()).isEqualTo(Status.UNCHANGED);
    assertThat(item(next, "stig-build-linux-high").status()).isEqualTo(Status.CHANGED);
    assertThat(f.bus.await(2, Duration.ofSeconds(10))).extracting(e -> e.get("detail-type").asText())
        .containsExactly("Base Image Updated", "Hardening Component Released");
  }

  @Test
  void laterItemFailingLeavesAnEarlierReleaseAnnouncedAndRecorded() {
    ReleaseWatcherHandler h = f.handler(Map.of());
    poll(h, "run-1");
    String newAmi = f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    f.ib.failAlways(ImageBuilderStub.LIST_COMPONENTS, null, "AccessDeniedException");
    SdkFaults.reset();

    WatchResult r = poll(h, "run-2");

    assertThat(item(r, "al2023-x86").status()).isEqualTo(Status.CHANGED);
    assertThat(item(r, "stig-build-linux-high").status()).isEqualTo(Status.ERROR);
    assertThat(item(r, "stig-build-linux-high").detail()).contains("AccessDeniedException");
    assertThat(r.eventsPublished()).isEqualTo(1);
    assertThat(f.bus.await(1, Duration.ofSeconds(10)).get(0).get("detail").get("imageId").asText()).isEqualTo(newAmi);
    assertThat(stored(BASE_KEY)).isEqualTo(newAmi);
    List<String> calls = SdkFaults.calls();
    assertThat(calls.indexOf("EventBridge:PutEvents")).as("%s", calls)
        .isNotNegative().isLessThan(calls.indexOf("Imagebuilder:ListComponents"));
    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("1 release(s): al2023-x86").contains("2 item(s) could not be checked");
  }

  @Test
  void eventThatCannotBePutRevertsItsItemsStateBeforeTheNextItemIsRead() {
    ReleaseWatcherHandler h = f.handler(Map.of());
    String oldAmi = item(poll(h, "run-1"), "al2023-x86").current();
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    f.component("stig-build-linux-high", "2023.11.0", "ACTIVE");
    SdkFaults.reset();

    WatchResult failed = poll(f.handler(Map.of("EVENT_BUS_NAME", "no-such-bus")), "run-2");

    for (String name : List.of("al2023-x86", "stig-build-linux-high")) {
      assertThat(item(failed, name).status()).isEqualTo(Status.ERROR);
      assertThat(item(failed, name).detail()).contains("could not be put on the bus").endsWith("the next run announces it again");
    }
    assertThat(stored(BASE_KEY)).isEqualTo(oldAmi);
    assertThat(stored(STIG_KEY)).isEqualTo("2023.10.1|ACTIVE");
    assertThat(failed.eventsPublished()).isZero();
    assertThat(failed.eventFailures()).hasSize(2);
    // advance, PutEvents, revert of the base image all happen before any component is read
    List<String> calls = SdkFaults.calls();
    int firstComponentRead = calls.indexOf("Imagebuilder:ListComponents");
    assertThat(calls.subList(0, firstComponentRead)).as("%s", calls)
        .containsSubsequence("DynamoDb:UpdateItem", "EventBridge:PutEvents", "DynamoDb:UpdateItem")
        .filteredOn("DynamoDb:UpdateItem"::equals).hasSize(2);
    assertThat(f.topic.await(1, Duration.ofSeconds(10))).hasSize(1); // one notification for the run

    WatchResult retried = poll(h, "run-3");
    assertThat(item(retried, "al2023-x86").status()).isEqualTo(Status.CHANGED);
    assertThat(item(retried, "stig-build-linux-high").status()).isEqualTo(Status.CHANGED);
    assertThat(f.bus.await(2, Duration.ofSeconds(10))).hasSize(2);
  }

  @Test
  void stateThatCannotBeRevertedIsTheItemsErrorNotTheRuns() {
    ReleaseWatcherHandler h = f.handler(Map.of());
    String oldAmi = item(poll(h, "run-1"), "al2023-x86").current();
    String newAmi = f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    // UpdateItem #1 records the change, #2 would undo it after PutEvents failed
    SdkFaults.failNth("DynamoDb:UpdateItem", 2, () -> DynamoDbException.builder().statusCode(500)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").errorMessage("Internal server error").build()).build());

    WatchResult r = poll(f.handler(Map.of("EVENT_BUS_NAME", "no-such-bus")), "run-2");

    ItemOutcome base = item(r, "al2023-x86");
    assertThat(base.status()).isEqualTo(Status.ERROR);
    assertThat(base.detail())
        .contains("could not be put on the bus")
        .contains("undoing its record failed (InternalServerError: Internal server error)")
        .contains("later runs will NOT announce it")
        .contains("set lastValue of item '" + BASE_KEY + "' in table " + f.table + " back to '" + oldAmi + "'");
    assertThat(stored(BASE_KEY)).isEqualTo(newAmi);
    assertThat(item(r, "rhel9").status()).isEqualTo(Status.UNCHANGED);
    assertThat(item(r, "stig-build-linux-high").status()).isEqualTo(Status.UNCHANGED);
    assertThat(item(r, "scap-compliance-checker-linux").status()).isEqualTo(Status.UNCHANGED);
    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.message()).contains("later runs will NOT announce it");
  }

  @Test
  void releaseWhoseEventPipelineStarterWouldRejectIsAnErrorAndNotRecorded() {
    ReleaseWatcherHandler h = f.handler(Map.of());
    poll(h, "run-1");
    // a version ListComponents returns with a platform pipeline-starter does not accept
    ComponentSeed a = ComponentSeed.amazon("stig-build-linux-high", "2023.11.0");
    f.ib.addComponent(new ComponentSeed(a.arn(), a.name(), a.version(), "Amazon", "Solaris", "BUILD", "ACTIVE", null));
    String newAmi = f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");

    WatchResult r = poll(h, "run-2");

    ItemOutcome stig = item(r, "stig-build-linux-high");
    assertThat(stig.status()).isEqualTo(Status.ERROR);
    assertThat(stig.detail())
        .contains("Hardening Component Released event would be rejected by pipeline-starter")
        .contains("$.detail.platform")
        .contains("nothing recorded");
    assertThat(stored(STIG_KEY)).isEqualTo("2023.10.1|ACTIVE");
    assertThat(item(r, "al2023-x86").status()).isEqualTo(Status.CHANGED);
    assertThat(stored(BASE_KEY)).isEqualTo(newAmi);
    assertThat(f.bus.receiveFor(Duration.ofSeconds(3))).extracting(e -> e.get("detail-type").asText()).containsExactly("Base Image Updated");

    WatchResult again = poll(h, "run-3");
    assertThat(item(again, "stig-build-linux-high").status()).as("reported every run until it can be announced").isEqualTo(Status.ERROR);
  }
}
