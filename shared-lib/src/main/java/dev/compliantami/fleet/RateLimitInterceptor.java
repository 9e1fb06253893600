package dev.compliantami.fleet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * Holds every SDK call of one account's clients until that call's region has a token: one {@link RateLimiter} per
 * region, shared by all services of the account in that region. Runs in {@code beforeExecution}, once per API call
 * (the SDK's retries of that call are not counted again; the adaptive retry mode paces those).
 */
public final class RateLimitInterceptor implements ExecutionInterceptor {
  private final Supplier<RateLimiter> newLimiter;
  private final Map<String, RateLimiter> byRegion = new ConcurrentHashMap<>();

  public RateLimitInterceptor(Supplier<RateLimiter> newLimiter) {
    this.newLimiter = newLimiter;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    limiter(region == null ? "" : region.id()).acquire();
  }

  /** The limiter of {@code region}, made on first use. */
  public RateLimiter limiter(String region) {
    return byRegion.computeIfAbsent(region, r -> newLimiter.get());
  }
}
