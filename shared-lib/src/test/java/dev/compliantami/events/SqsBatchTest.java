package dev.compliantami.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsBatchTest {
  static final String STATE_CHANGE = """
      {"version":"0","id":"e-1","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
       "account":"111111111111","time":"2026-12-03T10:00:00Z","region":"us-east-1",
       "resources":["arn:aws:ec2:us-east-1:111111111111:instance/i-0abc"],"detail":{"instance-id":"i-0abc","state":"running"}}""";

  private static Map<String, Object> record(String id, Object body) {
    return Map.of("messageId", id, "receiptHandle", "rh", "body", body, "eventSource", "aws:sqs",
        "eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:q", "awsRegion", "us-east-1", "attributes", Map.of());
  }

  @Test
  void readsEveryMessageAndItsEnvelope() {
    SqsBatch batch = SqsBatch.parse(Map.of("Records", List.of(record("m-1", STATE_CHANGE), record("m-2", "not json"))));
    assertThat(batch.messages()).extracting(SqsBatch.Message::messageId).containsExactly("m-1", "m-2");
    EventEnvelope e = batch.messages().get(0).envelope();
    assertThat(e.detailType()).isEqualTo("EC2 Instance State-change Notification");
    assertThat(e.detailFields().text("instance-id")).isEqualTo("i-0abc");
    assertThatThrownBy(() -> batch.messages().get(1).envelope()).isInstanceOf(MalformedEventException.class)
        .satisfies(t -> assertThat(((MalformedEventException) t).path()).isEqualTo("$.Records[1].body"));
  }

  @Test
  void aBodyErrorNamesThePathInsideTheBody() {
    String noAccount = STATE_CHANGE.replace("\"account\":\"111111111111\",", "");
    SqsBatch batch = SqsBatch.parse(Map.of("Records", List.of(record("m-1", noAccount))));
    assertThatThrownBy(() -> batch.messages().get(0).envelope()).isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("malformed event at $.Records[0].body.account:")
        .satisfies(t -> assertThat(((MalformedEventException) t).path()).isEqualTo("$.Records[0].body.account"));
  }

  @Test
  void aBrokenBatchIsRejectedAsAWhole() {
    assertThatThrownBy(() -> SqsBatch.parse(Map.of("Records", "x"))).isInstanceOf(MalformedEventException.class).hasMessageContaining("$.Records");
    assertThatThrownBy(() -> SqsBatch.parse(Map.of("Records", List.of(Map.of("eventSource", "aws:sqs", "body", "{}")))))
        .hasMessageContaining("$.Records[0].messageId");
    assertThatThrownBy(() -> SqsBatch.parse(Map.of("Records", List.of(Map.of("eventSource", "aws:sns", "messageId", "m", "body", "{}")))))
        .hasMessageContaining("$.Records[0].eventSource");
    assertThatThrownBy(() -> SqsBatch.parse(Map.of("Records", List.of(Map.of("eventSource", "aws:sqs", "messageId", "m", "body", Map.of())))))
        .hasMessageContaining("$.Records[0].body");
  }

  @Test
  void recognisesSqsEvents() {
    assertThat(SqsBatch.looksLikeSqs(Map.of("Records", List.of(record("m", "{}"))))).isTrue();
    assertThat(SqsBatch.looksLikeSqs(Map.of("Records", List.of(Map.of("EventSource", "aws:sns"))))).isFalse();
    assertThat(SqsBatch.looksLikeSqs(Map.of("job", "x"))).isFalse();
  }
}
