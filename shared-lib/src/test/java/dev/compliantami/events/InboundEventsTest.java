package dev.compliantami.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InboundEventsTest {

  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  private static final String BASE_IMAGE_EVENT =
      """
      {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Base Image Updated","source":"compliant-ami",
       "account":"111122223333","time":"2026-12-01T06:00:00Z","region":"us-east-1","resources":[],
       "detail":{"schemaVersion":1,"baseImage":"al2023-x86","region":"us-east-1","previousImageId":null,
                 "imageId":"ami-0abcdef1234567890","imageName":"al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64",
                 "creationDate":"2026-11-30T21:14:00Z","source":"ssm-parameter"}}
      """;

  @Test
  void parsesTheEnvelopeAndATypedDetail() throws Exception {
    EventEnvelope e = (EventEnvelope) InboundEvents.parse(json(BASE_IMAGE_EVENT));
    assertThat(e.detailType()).isEqualTo("Base Image Updated");
    assertThat(e.time()).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
    assertThat(e.triggerId()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
    BaseImageUpdated d = BaseImageUpdated.parse(e.detailFields());
    assertThat(d.previousImageId()).isNull();
    assertThat(d.imageId()).isEqualTo("ami-0abcdef1234567890");
    assertThat(d.source()).isEqualTo("ssm-parameter");
  }

  @Test
  void parsesAMapAsTheLambdaRuntimeDeliversIt() throws Exception {
    Object map = Json.MAPPER.readValue(BASE_IMAGE_EVENT, java.util.Map.class);
    assertThat(InboundEvents.parse(map)).isInstanceOf(EventEnvelope.class);
  }

  @Test
  void acceptsTheSchedulersStringDetail() throws Exception {
    EventEnvelope e = (EventEnvelope) InboundEvents.parse(json(
        """
        {"version":"0","id":"x1","detail-type":"Scheduled Event","source":"aws.scheduler","account":"111122223333",
         "time":"2026-12-01T00:00:00Z","region":"us-east-1","resources":["arn:aws:scheduler:us-east-1:111122223333:schedule/default/s"],"detail":"{}"}
        """));
    assertThat(e.detail().isObject()).isTrue();
  }

  @Test
  void parsesAScheduledJobAndAManualJob() throws Exception {
    JobInvocation s = (JobInvocation) InboundEvents.parse(json(
        "{\"job\":\"pipeline-refresh\",\"scheduledTime\":\"2026-12-01T00:00:00Z\",\"executionId\":\"e-1\",\"scheduleArn\":\"arn:aws:scheduler:us-east-1:111122223333:schedule/default/s\"}"));
    assertThat(s.scheduled()).isTrue();
    assertThat(s.triggerId()).isEqualTo("e-1");
    JobInvocation m = (JobInvocation) InboundEvents.parse(json("{\"job\":\"start-pipelines\",\"requestId\":\"CHG-42\",\"targets\":[\"p1\"]}"));
    assertThat(m.scheduled()).isFalse();
    assertThat(m.targets()).containsExactly("p1");
  }

  @Test
  void errorsNameTheJsonPath() {
    assertThatThrownBy(() -> InboundEvents.parse(json(BASE_IMAGE_EVENT.replace("\"account\":\"111122223333\"", "\"account\":42"))))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("malformed event at $.account: expected a string, found a number");
    assertThatThrownBy(() -> BaseImageUpdated.parse(((EventEnvelope) InboundEvents.parse(json(
            BASE_IMAGE_EVENT.replace("\"imageId\":\"ami-0abcdef1234567890\"", "\"imageId\":\"i-123\"")))).detailFields()))
        .hasMessageStartingWith("malformed event at $.detail.imageId: expected an AMI id");
    assertThatThrownBy(() -> InboundEvents.parse(json("{\"job\":\"start-pipelines\",\"requestId\":\"r\",\"targets\":[\"a\",7]}")))
        .hasMessage("malformed event at $.targets[1]: expected a non-empty string, found a number");
    assertThatThrownBy(() -> InboundEvents.parse(json("[1,2]")))
        .hasMessage("malformed event at $: expected an object, found an array");
    assertThatThrownBy(() -> InboundEvents.parse(null)).hasMessage("malformed event at $: expected an object, found nothing");
  }

  @Test
  void schemaVersionMustBeOne() throws Exception {
    EventEnvelope e = (EventEnvelope) InboundEvents.parse(json(BASE_IMAGE_EVENT.replace("\"schemaVersion\":1", "\"schemaVersion\":2")));
    assertThatThrownBy(() -> BaseImageUpdated.parse(e.detailFields()))
        .hasMessage("malformed event at $.detail.schemaVersion: expected 1, found 2");
  }

  @Test
  void customDetailsSerialiseWithTheirContractFieldsOnly() throws Exception {
    JsonNode n = Json.MAPPER.valueToTree(new ImagePipelineStarted("arn:p", "arn:b", "tok", "schedule", "e-1"));
    assertThat(n.has("schemaVersion")).isTrue();
    assertThat(n.get("schemaVersion").intValue()).isEqualTo(1);
    assertThat(n.has("detailType")).isFalse();
    assertThat(n.fieldNames()).toIterable()
        .containsExactlyInAnyOrder("schemaVersion", "pipelineArn", "imageBuildVersionArn", "clientToken", "reason", "triggerEventId");
  }
}
