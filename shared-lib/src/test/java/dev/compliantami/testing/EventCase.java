package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.events.MalformedEventException;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One hostile or foreign input for a handler's bad-input test.
 *
 * @param expected the JSON path the typed error must name, or {@code ignored} (a few tests add their own
 *     outcomes, e.g. {@code polled})
 */
public record EventCase(String name, Map<String, Object> event, String expected) {
  /**
   * Invokes the handler on this case: {@code ignored} → no exception and a result with {@code ignoredBecause};
   * otherwise a {@link MalformedEventException} naming {@link #expected()}; and, either way, no AWS request at all.
   */
  public void assertRejectedOrIgnored(Callable<?> invocation, AwsCallRecorder aws) {
    HostileInput.Outcome outcome = HostileInput.run(invocation);
    if (expected.equals("ignored")) {
      assertThat(outcome.thrown()).as("%s", this).isNull();
      assertThat(HostileInput.ignoredBecauseSet(outcome.result())).as("%s: result says why it was ignored", this).isTrue();
    } else {
      assertThat(outcome.thrown()).as("%s", this).isInstanceOf(MalformedEventException.class);
      assertThat(((MalformedEventException) outcome.thrown()).path()).isEqualTo(expected);
    }
    assertThat(aws.requests()).as("%s: AWS requests", this).isEmpty();
  }

  @Override
  public String toString() {
    return name;
  }
}
