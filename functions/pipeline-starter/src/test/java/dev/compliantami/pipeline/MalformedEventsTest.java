package dev.compliantami.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compliantami.testing.EventCase;
import dev.compliantami.events.Json;
import dev.compliantami.events.MalformedEventException;
import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.AwsCallRecorder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile inputs: each gives a typed error naming the JSON path, or a logged "ignored"
 * outcome — and no request of any kind reaches AWS (every endpoint is a recorder).
 */
class MalformedEventsTest {
  @RegisterExtension
  static final AwsCallRecorder aws = new AwsCallRecorder();

  @BeforeEach
  void clearLog() {
    aws.clear();
  }

  /** @param expected "ignored", or the JSON path the error must name */

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedOrIgnoredWithoutAnyAwsCall(EventCase c) {
    PipelineStarterHandler handler =
        Handlers.pipelineStarter("enforce", Handlers.TOPIC, "compliant-ami");
    PipelineStartResult[] result = new PipelineStartResult[1];
    Throwable thrown = catchThrowable(() -> result[0] = handler.handleRequest(c.event(), new LocalContext("pipeline-starter", 60, 1024)));

    if (c.expected().equals("ignored")) {
      assertThat(thrown).isNull();
      assertThat(result[0].ignoredBecause()).isNotBlank();
      assertThat(result[0].pipelines()).isEmpty();
    } else {
      assertThat(thrown).isInstanceOf(MalformedEventException.class);
      assertThat(((MalformedEventException) thrown).path()).isEqualTo(c.expected());
      assertThat(thrown.getMessage()).startsWith("malformed event at " + c.expected() + ": expected ").hasSizeLessThan(400);
    }
    assertThat(aws.requests()).as("AWS calls of any service").isEmpty();
  }

  static Stream<EventCase> cases() throws Exception {
    List<EventCase> cases = new ArrayList<>();
    Map<String, Object> base = PipelineStarterIntegrationTest.event("base-image-updated.json");
    Map<String, Object> component = PipelineStarterIntegrationTest.event("hardening-component-released.json");
    Map<String, Object> schedule = PipelineStarterIntegrationTest.event("schedule.json");

    cases.add(new EventCase("empty object", Map.of(), "$"));
    cases.add(new EventCase("null event", null, "$"));
    cases.add(new EventCase("neither envelope nor job nor SNS", Map.of("id", "x", "Items", List.of()), "$"));
    cases.add(new EventCase("SNS event without records", Map.of("Records", List.of()), "$.Records"));
    cases.add(new EventCase("detail-type is a number", edit(base, e -> e.put("detail-type", 5)), "$.detail-type"));
    cases.add(new EventCase("detail is an array", edit(base, e -> e.putArray("detail").add(1)), "$.detail"));
    cases.add(new EventCase("detail is null", edit(base, e -> e.putNull("detail")), "$.detail"));
    cases.add(new EventCase("detail is a non-JSON string", edit(base, e -> e.put("detail", "not json")), "$.detail"));
    cases.add(new EventCase("id missing", edit(base, e -> e.remove("id")), "$.id"));
    cases.add(new EventCase("id of 10k characters", edit(base, e -> e.put("id", "a".repeat(10_000))), "$.id"));
    cases.add(new EventCase("account not 12 digits", edit(base, e -> e.put("account", "12345")), "$.account"));
    cases.add(new EventCase("time not ISO-8601", edit(base, e -> e.put("time", "yesterday")), "$.time"));
    cases.add(new EventCase("region invalid", edit(base, e -> e.put("region", "../../etc")), "$.region"));
    cases.add(new EventCase("resources is a string", edit(base, e -> e.put("resources", "arn:x")), "$.resources"));
    cases.add(new EventCase("resources holds an object", edit(base, e -> e.putArray("resources").addObject()), "$.resources[0]"));
    cases.add(new EventCase("imageId missing", editDetail(base, d -> d.remove("imageId")), "$.detail.imageId"));
    cases.add(new EventCase("imageId is an instance id", editDetail(base, d -> d.put("imageId", "i-0123456789abcdef0")), "$.detail.imageId"));
    cases.add(new EventCase("imageId is an object", editDetail(base, d -> d.putObject("imageId").put("$ne", "")), "$.detail.imageId"));
    cases.add(new EventCase("schemaVersion 2", editDetail(base, d -> d.put("schemaVersion", 2)), "$.detail.schemaVersion"));
    cases.add(new EventCase("schemaVersion as string", editDetail(base, d -> d.put("schemaVersion", "1")), "$.detail.schemaVersion"));
    cases.add(new EventCase("creationDate not a date", editDetail(base, d -> d.put("creationDate", "2026-13-45")), "$.detail.creationDate"));
    cases.add(new EventCase("source not allowed", editDetail(base, d -> d.put("source", "rumour")), "$.detail.source"));
    cases.add(new EventCase("baseImage of 1 MB", editDetail(base, d -> d.put("baseImage", "x".repeat(1 << 20))), "$.detail.baseImage"));
    cases.add(new EventCase("baseImage is an empty string", editDetail(base, d -> d.put("baseImage", " ")), "$.detail.baseImage"));
    cases.add(new EventCase("baseImage nested objects", editDetail(base, d -> d.putObject("baseImage").putObject("a").putObject("b")), "$.detail.baseImage"));
    cases.add(new EventCase("component version 'latest'", editDetail(component, d -> d.put("version", "latest")), "$.detail.version"));
    cases.add(new EventCase("componentArn not an ARN", editDetail(component, d -> d.put("componentArn", "stig")), "$.detail.componentArn"));
    cases.add(new EventCase("componentName with shell characters", editDetail(component, d -> d.put("componentName", "stig; rm -rf /")), "$.detail.componentName"));
    cases.add(new EventCase("platform unknown", editDetail(component, d -> d.put("platform", "Plan9")), "$.detail.platform"));
    cases.add(new EventCase("refresh job without executionId", edit(schedule, e -> e.remove("executionId")), "$.executionId"));
    cases.add(new EventCase("refresh job by hand (requestId only)", Map.of("job", "pipeline-refresh", "requestId", "me"), "$.executionId"));
    cases.add(new EventCase("targets is an object", Map.of("job", "start-pipelines", "requestId", "CHG-1", "targets", Map.of("a", "b")), "$.targets"));
    cases.add(new EventCase("5000 targets", Map.of("job", "start-pipelines", "requestId", "CHG-1", "targets", Collections.nCopies(5000, "p")), "$.targets"));
    cases.add(new EventCase("job name with spaces", Map.of("job", "Start Pipelines", "requestId", "CHG-1"), "$.job"));
    cases.add(new EventCase("requestId with spaces", Map.of("job", "start-pipelines", "requestId", "CHG 1"), "$.requestId"));
    cases.add(new EventCase("job is an array", Map.of("job", List.of("start-pipelines"), "requestId", "CHG-1"), "$.job"));

    cases.add(new EventCase("unknown custom detail-type", edit(base, e -> e.put("detail-type", "Something New")), "ignored"));
    cases.add(new EventCase("AWS service event", edit(base, e -> e.put("source", "aws.ec2").put("detail-type", "EC2 Instance State-change Notification")), "ignored"));
    cases.add(new EventCase("spoofed detail-type from another source", edit(base, e -> e.put("source", "someone.else")), "ignored"));
    cases.add(new EventCase("base image changed in another region", editDetail(base, d -> d.put("region", "eu-west-1")), "ignored"));
    cases.add(new EventCase("an SNS message", Map.of("Records", List.of(Map.of("EventSource", "aws:sns",
        "Sns", Map.of("MessageId", "m-1", "TopicArn", "arn:aws:sns:us-east-1:137112412989:amazon-linux-2023-ami-updates", "Message", "{}")))), "ignored"));
    cases.add(new EventCase("unknown job", Map.of("job", "reap-instances", "requestId", "CHG-1"), "ignored"));
    return cases.stream();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> edit(Map<String, Object> event, Consumer<ObjectNode> change) {
    ObjectNode copy = Json.MAPPER.valueToTree(event);
    change.accept(copy);
    return new HashMap<>(Json.MAPPER.convertValue(copy, Map.class));
  }

  private static Map<String, Object> editDetail(Map<String, Object> event, Consumer<ObjectNode> change) {
    return edit(event, e -> change.accept((ObjectNode) e.get("detail")));
  }
}
