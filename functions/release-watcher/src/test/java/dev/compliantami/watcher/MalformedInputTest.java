package dev.compliantami.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.compliantami.testing.EventCase;
import dev.compliantami.config.ConfigException;
import dev.compliantami.events.MalformedEventException;
import dev.compliantami.local.LocalContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad events and bad configuration: a clear error or an "ignored" outcome, no event, no state written. */
class MalformedInputTest {
  private static WatcherFixture f;

  @BeforeAll
  static void setUp() {
    f = new WatcherFixture();
    f.publishBase("al2023-x86", "al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64");
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }


  static Stream<EventCase> events() {
    Map<String, Object> sns = ReleaseWatcherIntegrationTest.sns("{}");
    return Stream.of(
        new EventCase("empty object", Map.of(), "$"),
        new EventCase("SNS with two records", Map.of("Records", List.of(Map.of(), Map.of())), "$.Records"),
        new EventCase("SNS record from SQS", Map.of("Records", List.of(Map.of("EventSource", "aws:sqs", "Sns", Map.of()))), "$.Records[0].EventSource"),
        new EventCase("SNS record without Sns", Map.of("Records", List.of(Map.of("EventSource", "aws:sns"))), "$.Records[0].Sns"),
        new EventCase("SNS message is an object", Map.of("Records", List.of(Map.of("EventSource", "aws:sns",
            "Sns", Map.of("MessageId", "m", "TopicArn", "arn:aws:sns:us-east-1:1:t", "Message", Map.of("v1", 1))))), "$.Records[0].Sns.Message"),
        new EventCase("SNS without MessageId", Map.of("Records", List.of(Map.of("EventSource", "aws:sns",
            "Sns", Map.of("TopicArn", "arn:aws:sns:us-east-1:1:t", "Message", "x")))), "$.Records[0].Sns.MessageId"),
        new EventCase("poll without executionId or requestId", Map.of("job", "release-poll", "scheduledTime", "2026-12-01T00:00:00Z"), "$.executionId"),
        new EventCase("poll with a bad scheduledTime", Map.of("job", "release-poll", "executionId", "e", "scheduledTime", "soon"), "$.scheduledTime"),
        new EventCase("unknown schedule input", Map.of("job", "reap-instances", "executionId", "e"), "ignored"),
        new EventCase("an EventBridge event", Map.of("version", "0", "id", "x", "detail-type", "Base Image Updated", "source", "compliant-ami",
            "account", "111122223333", "time", "2026-12-01T00:00:00Z", "region", "us-east-1", "detail", Map.of()), "ignored"),
        new EventCase("sanity: a real SNS event polls", sns, "polled"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void rejectedOrIgnoredWithoutEventsOrState(EventCase c) {
    ReleaseWatcherHandler h = f.handler(Map.of());
    WatchResult[] result = new WatchResult[1];
    Throwable thrown = catchThrowable(() -> result[0] = h.handleRequest(c.event(), new LocalContext("release-watcher", 60, 1024)));

    switch (c.expected()) {
      case "ignored" -> {
        assertThat(thrown).isNull();
        assertThat(result[0].ignoredBecause()).isNotBlank();
        assertThat(f.state()).isEmpty();
      }
      case "polled" -> {
        assertThat(thrown).isNull();
        assertThat(result[0].items()).isNotEmpty();
        f.dynamo.scan(r -> r.tableName(f.table)).items().forEach(i -> f.dynamo.deleteItem(d -> d.tableName(f.table).key(Map.of("pk", i.get("pk")))));
      }
      default -> {
        assertThat(thrown).isInstanceOf(MalformedEventException.class);
        assertThat(((MalformedEventException) thrown).path()).isEqualTo(c.expected());
        assertThat(f.state()).isEmpty();
      }
    }
    assertThat(f.bus.receiveFor(Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void badConfigurationFailsInitNamingTheEntry() {
    assertThatThrownBy(() -> f.handler(Map.of("WATCHED_BASE_IMAGES", "al2023=ssm:/a,ubuntu=docker:ubuntu:24.04")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("WATCHED_BASE_IMAGES has a bad entry 'ubuntu=docker:ubuntu:24.04'");
    assertThatThrownBy(() -> f.handler(Map.of("WATCHED_COMPONENTS", "stig-build-linux,STIG HIGH")))
        .hasMessageContaining("WATCHED_COMPONENTS");
    assertThatThrownBy(() -> f.handler(Map.of("FACTORY_REGIONS", "us-east-1,moon-1")))
        .hasMessageContaining("FACTORY_REGIONS");
    assertThatThrownBy(() -> f.handler(Map.of("EMIT_ON_FIRST_OBSERVATION", "yes")))
        .hasMessage("EMIT_ON_FIRST_OBSERVATION is 'yes'; expected true or false");
    assertThatThrownBy(() -> f.handler(Map.of("STATE_TABLE", "")))
        .hasMessageContaining("STATE_TABLE is not set");
    assertThat(f.state()).isEmpty();
  }
}
