package dev.compliantami.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SDK API calls per {@code Service:Operation} (one per call, retries not counted), for tests that
 * measure what a run costs. Registered for every client through the SDK's global interceptor file
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} in a module's test resources.
 */
public final class CallCounter implements ExecutionInterceptor {
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  public static void reset() {
    CALLS.clear();
  }

  /** Calls so far, sorted by {@code Service:Operation}. */
  public static Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    CALLS.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
