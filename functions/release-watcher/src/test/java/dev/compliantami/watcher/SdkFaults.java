package dev.compliantami.watcher;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the order of SDK API calls ({@code Service:Operation}) and fails a chosen call, the way a Lambda
 * timeout, a crash or a service outage would hit it. Registered for every client, like CallCounter, through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources.
 */
public final class SdkFaults implements ExecutionInterceptor {
  private static final List<String> CALLS = new CopyOnWriteArrayList<>();
  private static final Map<String, Armed> ARMED = new ConcurrentHashMap<>();

  private record Armed(int nth, Supplier<? extends Throwable> fault, AtomicInteger seen) {}

  /** Stands for the run being cut off (Lambda timeout, out of memory): nothing in the function catches it. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String message) {
      super(message);
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    CALLS.add(call);
    Armed armed = ARMED.get(call);
    if (armed != null && armed.seen().incrementAndGet() == armed.nth()) {
      ARMED.remove(call);
      Throwable fault = armed.fault().get();
      if (fault instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) fault;
    }
  }

  /** The {@code nth} call of {@code call} (e.g. {@code DynamoDb:UpdateItem}) from now on throws {@code fault}. */
  static void failNth(String call, int nth, Supplier<? extends Throwable> fault) {
    ARMED.put(call, new Armed(nth, fault, new AtomicInteger()));
  }

  /** Calls since the last {@link #reset()}, in order. */
  static List<String> calls() {
    return List.copyOf(CALLS);
  }

  static void reset() {
    CALLS.clear();
    ARMED.clear();
  }
}
