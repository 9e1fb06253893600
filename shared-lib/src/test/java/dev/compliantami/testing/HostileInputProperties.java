package dev.compliantami.testing;

import com.amazonaws.services.lambda.runtime.Context;
import dev.compliantami.local.LocalContext;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Issue 10 §3 for one handler: its own sample events, mutated by {@link HostileEvents}, against endpoints
 * that record every request and answer none. A function's test extends this and says how to invoke it
 * (in enforce mode, the worst case).
 */
public abstract class HostileInputProperties {
  private final AwsCallRecorder aws = new AwsCallRecorder();

  /** The directory name under functions/ and events/. */
  protected abstract String function();

  /** Invokes the function's handler (built once, after the recorder, so its clients point at it). */
  protected abstract Object invoke(Map<String, Object> event, Context context);

  @Provide
  Arbitrary<Map<String, Object>> hostile() {
    return HostileEvents.of(function());
  }

  @Property(tries = 150)
  void hostileEventsAreRejectedOrIgnoredAndNeverMutate(@ForAll("hostile") Map<String, Object> event) {
    aws.clear();
    HostileInput.Outcome outcome = HostileInput.run(() -> invoke(event, new LocalContext(function(), 60, 1024)));
    Statistics.collect(HostileInput.classify(outcome));
    HostileInput.assertSafe(outcome, aws.requests(), HostileInput::ignoredBecauseSet);
  }

  @AfterProperty
  void closeRecorder() {
    aws.close();
  }
}
