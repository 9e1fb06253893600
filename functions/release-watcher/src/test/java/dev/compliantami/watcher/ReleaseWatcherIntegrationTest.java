package dev.compliantami.watcher;

import static dev.compliantami.watcher.WatcherFixture.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.testing.ImageBuilderStub.PipelineSeed;
import dev.compliantami.testing.ImageBuilderStub.RecipeSeed;
import dev.compliantami.testing.ImageBuilderStub;
import dev.compliantami.testing.SnsCapture;
import dev.compliantami.watcher.ItemOutcome.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** release-watcher against moto (SSM, EC2, DynamoDB, SNS, EventBridge) and the Image Builder stub. */
class ReleaseWatcherIntegrationTest {
  private WatcherFixture f;

  @BeforeEach
  void setUp() {
    f = new WatcherFixture();
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64");
    f.image("RHEL-9.4.0_HVM-20261001-x86_64-" + f.prefix.substring(2) + "-Hourly2-GP3");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static ItemOutcome item(WatchResult r, String name) {
    return r.items().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void baselineThenExactlyOneEventPerChangeThenNothing() {
    ReleaseWatcherHandler h = f.handler(Map.of());

    WatchResult first = poll(h, "run-1");
    assertThat(first.items()).as("%s", first.items()).extracting(ItemOutcome::status).containsOnly(Status.BASELINE);
    assertThat(first.items()).extracting(ItemOutcome::name)
        .containsExactly("al2023-x86", "rhel9", "stig-build-linux-high", "scap-compliance-checker-linux");
    assertThat(item(first, "stig-build-linux-high").current()).isEqualTo("2023.10.1|ACTIVE");
    assertThat(f.bus.receiveFor(Duration.ofSeconds(2))).isEmpty();
    assertThat(first.notificationMessageId()).isNull();

    String oldAmi = item(first, "al2023-x86").current();
    String newAmi = f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    f.component("stig-build-linux-high", "2023.11.0", "ACTIVE");

    WatchResult second = poll(h, "run-2");
    assertThat(item(second, "al2023-x86").status()).isEqualTo(Status.CHANGED);
    assertThat(item(second, "stig-build-linux-high").status()).isEqualTo(Status.CHANGED);
    assertThat(item(second, "rhel9").status()).isEqualTo(Status.UNCHANGED);
    List<JsonNode> events = f.bus.await(2, Duration.ofSeconds(10));
    assertThat(events).hasSize(2);
    JsonNode base = events.stream().filter(e -> e.get("detail-type").asText().equals("Base Image Updated")).findFirst().orElseThrow().get("detail");
    assertThat(base.get("baseImage").asText()).isEqualTo("al2023-x86");
    assertThat(base.get("previousImageId").asText()).isEqualTo(oldAmi);
    assertThat(base.get("imageId").asText()).isEqualTo(newAmi);
    assertThat(base.get("imageName").asText()).isEqualTo("al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    assertThat(base.get("source").asText()).isEqualTo("ssm-parameter");
    assertThat(base.get("region").asText()).isEqualTo("us-east-1");
    assertThat(base.get("schemaVersion").asInt()).isEqualTo(1);
    JsonNode stig = events.stream().filter(e -> e.get("detail-type").asText().equals("Hardening Component Released")).findFirst().orElseThrow().get("detail");
    assertThat(stig.get("previousVersion").asText()).isEqualTo("2023.10.1");
    assertThat(stig.get("version").asText()).isEqualTo("2023.11.0");
    assertThat(stig.get("componentArn").asText()).endsWith("component/stig-build-linux-high/2023.11.0/1");
    assertThat(stig.get("platform").asText()).isEqualTo("Linux");
    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("release-watcher: 2 release(s): al2023-x86, stig-build-linux-high");
    assertThat(n.message()).contains("al2023-x86 (us-east-1): " + oldAmi + " -> " + newAmi);

    WatchResult third = poll(h, "run-3");
    assertThat(third.items()).extracting(ItemOutcome::status).containsOnly(Status.UNCHANGED);
    assertThat(f.bus.drain(Duration.ofSeconds(2))).hasSize(2); // still only the two of run 2
    assertThat(third.notificationMessageId()).isNull();
  }

  @Test
  void newestImageOfAQueryWinsAndStateSurvivesNewHandlerInstances() {
    poll(f.handler(Map.of()), "run-1");
    String newer = f.image("RHEL-9.5.0_HVM-20261120-x86_64-" + f.prefix.substring(2) + "-Hourly2-GP3");

    WatchResult second = poll(f.handler(Map.of()), "run-2"); // a cold start: state comes from DynamoDB
    ItemOutcome rhel = item(second, "rhel9");
    assertThat(rhel.status()).isEqualTo(Status.CHANGED);
    assertThat(rhel.current()).isEqualTo(newer);
    JsonNode detail = f.bus.await(1, Duration.ofSeconds(10)).get(0).get("detail");
    assertThat(detail.get("source").asText()).isEqualTo("describe-images");
  }

  @Test
  void twoConcurrentRunsOnTheSameChangeEmitOneEvent() throws Exception {
    poll(f.handler(Map.of()), "run-1");
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    ReleaseWatcherHandler a = f.handler(Map.of());
    ReleaseWatcherHandler b = f.handler(Map.of());
    CyclicBarrier start = new CyclicBarrier(2);

    CompletableFuture<WatchResult> ra = CompletableFuture.supplyAsync(() -> { await(start); return poll(a, "run-a"); });
    CompletableFuture<WatchResult> rb = CompletableFuture.supplyAsync(() -> { await(start); return poll(b, "run-b"); });
    List<Status> statuses = new ArrayList<>(List.of(item(ra.get(), "al2023-x86").status(), item(rb.get(), "al2023-x86").status()));

    assertThat(statuses).containsOnlyOnce(Status.CHANGED);
    assertThat(f.bus.receiveFor(Duration.ofSeconds(3)))
        .filteredOn(e -> e.get("detail-type").asText().equals("Base Image Updated")).hasSize(1);
  }

  @Test
  void redeliveredTriggerEmitsNothingNew() {
    ReleaseWatcherHandler h = f.handler(Map.of());
    poll(h, "run-1");
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");
    poll(h, "run-2");
    WatchResult again = poll(h, "run-2");
    assertThat(item(again, "al2023-x86").status()).isEqualTo(Status.UNCHANGED);
    assertThat(f.bus.receiveFor(Duration.ofSeconds(2))).hasSize(1);
  }

  @Test
  void oneBrokenItemIsReportedAndTheOthersAreChecked() {
    ReleaseWatcherHandler h = f.handler(Map.of("WATCHED_BASE_IMAGES",
        "al2023-x86=ssm:" + f.prefix + "/al2023-x86,gone=ssm:" + f.prefix + "/does-not-exist"));
    WatchResult r = poll(h, "run-1");
    assertThat(item(r, "gone").status()).isEqualTo(Status.ERROR);
    assertThat(item(r, "gone").detail()).contains("ParameterNotFound");
    assertThat(item(r, "al2023-x86").status()).isEqualTo(Status.BASELINE);
    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("1 item(s) could not be checked");
    assertThat(n.messageAttributes()).containsEntry("severity", "WARNING");
  }

  @Test
  void runFailsOnlyWhenNoItemCouldBeChecked() {
    ReleaseWatcherHandler h = f.handler(Map.of("WATCHED_BASE_IMAGES", "gone=ssm:" + f.prefix + "/nope", "WATCHED_COMPONENTS", "no-such-component"));
    assertThatThrownBy(() -> poll(h, "run-1")).isInstanceOf(PollFailedException.class).hasMessageContaining("no watched item could be checked");
    assertThat(f.state()).isEmpty();
  }

  @Test
  void deprecatedComponentIsNewsButNoEvent() {
    ReleaseWatcherHandler h = f.handler(Map.of("WATCHED_BASE_IMAGES", "", "WATCHED_COMPONENTS", "stig-build-linux-medium"));
    f.component("stig-build-linux-medium", "2025.1.0", "ACTIVE");
    poll(h, "run-1");
    f.ib.reset();
    f.component("stig-build-linux-medium", "2025.1.0", "DEPRECATED");

    WatchResult r = poll(h, "run-2");

    ItemOutcome medium = item(r, "stig-build-linux-medium");
    assertThat(medium.status()).isEqualTo(Status.STATUS_CHANGED);
    assertThat(medium.detail()).contains("stig-build-linux-medium is now DEPRECATED (was ACTIVE)");
    assertThat(f.bus.receiveFor(Duration.ofSeconds(2))).isEmpty();
    assertThat(f.topic.await(1, Duration.ofSeconds(10)).get(0).message()).contains("now DEPRECATED");
  }

  @Test
  void componentNoLongerListedIsNewsOnceThenQuiet() {
    ReleaseWatcherHandler h = f.handler(Map.of("WATCHED_BASE_IMAGES", "", "WATCHED_COMPONENTS", "stig-build-linux-medium"));
    f.component("stig-build-linux-medium", "2025.1.0", "ACTIVE");
    poll(h, "run-1");
    f.ib.reset(); // every version deprecated: ListComponents (ACTIVE versions by default) returns none

    WatchResult gone = poll(h, "run-2");

    ItemOutcome medium = item(gone, "stig-build-linux-medium");
    assertThat(medium.status()).isEqualTo(Status.STATUS_CHANGED);
    assertThat(medium.detail()).contains("stig-build-linux-medium is no longer listed as ACTIVE (was ACTIVE, newest ACTIVE version 2025.1.0)")
        .contains("deprecated or disabled; recipes using it will fail");
    assertThat(medium.current()).isEqualTo("2025.1.0|NOT_LISTED");
    assertThat(f.state()).singleElement().satisfies(i -> assertThat(i.get("lastValue").s()).isEqualTo("2025.1.0|NOT_LISTED"));
    SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("1 component status change(s)").doesNotContain("could not be checked");
    assertThat(n.messageAttributes()).containsEntry("severity", "WARNING");

    WatchResult quiet = poll(h, "run-3");
    assertThat(item(quiet, "stig-build-linux-medium").status()).isEqualTo(Status.UNCHANGED);
    assertThat(quiet.notificationMessageId()).isNull();

    f.component("stig-build-linux-medium", "2025.2.0", "ACTIVE"); // listed again, with a newer version: a release
    WatchResult back = poll(h, "run-4");
    assertThat(item(back, "stig-build-linux-medium").status()).isEqualTo(Status.CHANGED);
    assertThat(item(back, "stig-build-linux-medium").detail()).contains("is now ACTIVE (was NOT_LISTED)");
    JsonNode released = f.bus.await(1, Duration.ofSeconds(10)).get(0).get("detail");
    assertThat(released.get("previousVersion").asText()).isEqualTo("2025.1.0");
    assertThat(released.get("version").asText()).isEqualTo("2025.2.0");
  }

  @Test
  void componentNeverSeenAndNotListedIsAnError() {
    ReleaseWatcherHandler h = f.handler(Map.of("WATCHED_BASE_IMAGES", "", "WATCHED_COMPONENTS", "stig-build-linux-high,stig-build-linux-typo"));

    WatchResult r = poll(h, "run-1");

    ItemOutcome typo = item(r, "stig-build-linux-typo");
    assertThat(typo.status()).isEqualTo(Status.ERROR);
    assertThat(typo.detail()).contains("no version of stig-build-linux-typo is owned by Amazon in us-east-1 and it was never seen");
    assertThat(item(r, "stig-build-linux-high").status()).isEqualTo(Status.BASELINE);
    assertThat(f.state()).extracting(i -> i.get("pk").s()).containsExactly("component#us-east-1#stig-build-linux-high");
    assertThat(poll(h, "run-2").items()).filteredOn(i -> i.name().equals("stig-build-linux-typo"))
        .extracting(ItemOutcome::status).containsExactly(Status.ERROR);
  }

  @Test
  void eventThatCannotBePutIsNotLostTheNextRunAnnouncesIt() {
    ReleaseWatcherHandler h = f.handler(Map.of());
    poll(h, "run-1");
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");

    WatchResult failed = poll(f.handler(Map.of("EVENT_BUS_NAME", "no-such-bus")), "run-2");
    assertThat(item(failed, "al2023-x86").status()).isEqualTo(Status.ERROR);
    assertThat(item(failed, "al2023-x86").detail()).contains("could not be put on the bus");
    assertThat(f.state()).filteredOn(i -> i.get("pk").s().equals("base-image#us-east-1#al2023-x86"))
        .singleElement().satisfies(i -> assertThat(i.get("lastValue").s()).as("reverted").isEqualTo(item(failed, "al2023-x86").previous()));

    WatchResult retried = poll(h, "run-3");
    assertThat(item(retried, "al2023-x86").status()).isEqualTo(Status.CHANGED);
    assertThat(f.bus.await(1, Duration.ofSeconds(10))).hasSize(1);
  }

  @Test
  void recipeParentsOfManagedPipelinesAreWatchedWithoutConfiguration() {
    String discovered = f.prefix + "/discovered-parent";
    f.ssm.putParameter(r -> r.name(discovered).value(f.image("ubuntu-noble-24.04-" + f.prefix.substring(2))).type("String"));
    f.ib.addRecipe(RecipeSeed.of(ImageBuilderStub.recipeArn("ubuntu", "1.0.0"), "ubuntu", "ssm:" + discovered, List.of(), Map.of()));
    f.ib.addRecipe(RecipeSeed.of(ImageBuilderStub.recipeArn("al2023", "1.0.0"), "al2023", "ssm:" + f.prefix + "/al2023-x86", List.of(), Map.of()));
    f.ib.addPipeline(new PipelineSeed(ImageBuilderStub.pipelineArn("ubuntu"), "ubuntu", "ENABLED", Map.of("compliant-ami:managed", "true"), ImageBuilderStub.recipeArn("ubuntu", "1.0.0"), null));
    f.ib.addPipeline(new PipelineSeed(ImageBuilderStub.pipelineArn("al2023"), "al2023", "ENABLED", Map.of("compliant-ami:managed", "true"), ImageBuilderStub.recipeArn("al2023", "1.0.0"), null));

    WatchResult r = poll(f.handler(Map.of("DISCOVER_PIPELINE_PARENTS", "true")), "run-1");

    assertThat(item(r, discovered).status()).isEqualTo(Status.BASELINE);
    // the al2023 recipe's parent is already a configured item: not watched twice
    assertThat(r.items()).extracting(ItemOutcome::name).doesNotContain(f.prefix + "/al2023-x86");
  }

  @Test
  void snsMessageOnlyPromptsAPollWhateverItSays() {
    ReleaseWatcherHandler h = f.handler(Map.of());
    poll(h, "run-1");
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64");

    WatchResult r = h.handleRequest(sns("this is not JSON at all"), new dev.compliantami.local.LocalContext("release-watcher", 60, 1024));

    assertThat(r.trigger()).isEqualTo("sns");
    assertThat(r.snsNote()).contains("was not in the expected format; polled anyway");
    assertThat(item(r, "al2023-x86").status()).isEqualTo(Status.CHANGED);
    WatchResult unchanged = h.handleRequest(sns("{\"v1\":{\"ImageVersion\":\"2023.9.20261130.0\",\"Regions\":{\"us-east-1\":[],\"us-west-2\":[]}}}"),
        new dev.compliantami.local.LocalContext("release-watcher", 60, 1024));
    assertThat(unchanged.snsNote()).isEqualTo("announced on amazon-linux-2023-ami-updates: version 2023.9.20261130.0 in 2 region(s)");
    assertThat(unchanged.items()).extracting(ItemOutcome::status).containsOnly(Status.UNCHANGED);
  }

  static Map<String, Object> sns(String message) {
    return Map.of("Records", List.of(Map.of("EventSource", "aws:sns", "EventVersion", "1.0",
        "Sns", Map.of("MessageId", "95df01b4-ee98-5cb9-9903-4c221d41eb5e", "TopicArn", "arn:aws:sns:us-east-1:137112412989:amazon-linux-2023-ami-updates",
            "Subject", "Amazon Linux 2023 AMI update", "Message", message))));
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
