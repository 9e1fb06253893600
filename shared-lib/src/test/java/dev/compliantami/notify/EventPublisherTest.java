package dev.compliantami.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.compliantami.events.ImagePipelineStarted;
import dev.compliantami.events.Json;
import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** PutEvents in EventBridge's JSON 1.1 wire format, served by WireMock so partial failures can be staged. */
class EventPublisherTest {
  private WireMockServer wire;
  private EventBridgeClient client;

  @BeforeEach
  void start() {
    wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wire.start();
    client =
        EventBridgeClient.builder()
            .endpointOverride(URI.create(wire.baseUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    wire.stop();
  }

  private static List<ImagePipelineStarted> events(int n) {
    return IntStream.range(0, n).mapToObj(i -> new ImagePipelineStarted("arn:p" + i, "arn:b" + i, "t" + i, "schedule", "e")).toList();
  }

  private static String ok(int n) {
    return "{\"FailedEntryCount\":0,\"Entries\":["
        + String.join(",", IntStream.range(0, n).mapToObj(i -> "{\"EventId\":\"id-" + i + "\"}").toList()) + "]}";
  }

  @Test
  void sendsBatchesOfAtMostTenWithTheContractFields() throws Exception {
    wire.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
        .withRequestBody(matchingJsonPath("$.Entries[9]"))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(ok(10))));
    wire.stubFor(post(urlEqualTo("/")).atPriority(2).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(ok(3))));

    EventPublisher.PublishResult r = new EventPublisher(client, "compliant-ami", 1).publish(events(23), d -> List.of(d.pipelineArn()));

    assertThat(r.published()).isEqualTo(23);
    assertThat(r.complete()).isTrue();
    var requests = wire.findAll(postRequestedFor(urlEqualTo("/")));
    assertThat(requests).extracting(q -> Json.MAPPER.readTree(q.getBodyAsString()).get("Entries").size()).containsExactly(10, 10, 3);
    JsonNode first = Json.MAPPER.readTree(requests.get(0).getBodyAsString()).get("Entries").get(0);
    assertThat(first.get("Source").asText()).isEqualTo("compliant-ami");
    assertThat(first.get("DetailType").asText()).isEqualTo("Image Pipeline Started");
    assertThat(first.get("EventBusName").asText()).isEqualTo("compliant-ami");
    assertThat(first.get("Resources")).hasSize(1);
    assertThat(first.get("Resources").get(0).asText()).isEqualTo("arn:p0");
    assertThat(Json.MAPPER.readTree(first.get("Detail").asText()).get("schemaVersion").asInt()).isEqualTo(1);
  }

  @Test
  void failedEntriesAreRetriedAloneUntilTheyGoThrough() throws Exception {
    wire.stubFor(post(urlEqualTo("/")).inScenario("partial").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"FailedEntryCount\":1,\"Entries\":[{\"EventId\":\"a\"},{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"slow down\"},{\"EventId\":\"c\"}]}"))
        .willSetStateTo("retry"));
    wire.stubFor(post(urlEqualTo("/")).inScenario("partial").whenScenarioStateIs("retry")
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(ok(1))));

    EventPublisher.PublishResult r = new EventPublisher(client, "compliant-ami", 1).publish(events(3), d -> List.of());

    assertThat(r.published()).isEqualTo(3);
    assertThat(r.failed()).isEmpty();
    var requests = wire.findAll(postRequestedFor(urlEqualTo("/")));
    assertThat(requests).hasSize(2);
    JsonNode retried = Json.MAPPER.readTree(requests.get(1).getBodyAsString()).get("Entries");
    assertThat(retried).hasSize(1);
    assertThat(Json.MAPPER.readTree(retried.get(0).get("Detail").asText()).get("pipelineArn").asText()).isEqualTo("arn:p1");
  }

  @Test
  void entriesThatNeverGoThroughAreReportedNotDropped() {
    wire.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"boom\"}]}")));

    EventPublisher.PublishResult r = new EventPublisher(client, "compliant-ami", 1).publish(events(1), d -> List.of());

    assertThat(r.published()).isZero();
    assertThat(r.failed()).singleElement().satisfies(f -> {
      assertThat(f.detail()).isEqualTo(events(1).get(0));
      assertThat(f.detailType()).isEqualTo("Image Pipeline Started");
      assertThat(f.errorCode()).isEqualTo("InternalFailure");
      assertThat(f.errorMessage()).isEqualTo("boom");
    });
    assertThat(wire.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(3);
  }
}
