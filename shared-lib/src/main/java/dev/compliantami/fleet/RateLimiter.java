package dev.compliantami.fleet;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Blocks callers so that at most {@code requestsPerSecond} proceed (after an initial burst), and records what it did:
 * permits handed out, how many had to wait, and the total wait. Clock and sleep are injectable so tests need no
 * real time.
 */
public final class RateLimiter {
  /** Sleeps for the given nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final TokenBucket bucket;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final AtomicLong permits = new AtomicLong();
  private final AtomicLong waited = new AtomicLong();
  private final AtomicLong waitedNanos = new AtomicLong();

  public RateLimiter(double requestsPerSecond, double burst, LongSupplier clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.bucket = new TokenBucket(requestsPerSecond, burst, clock.getAsLong());
  }

  /** Real time, with the default burst. */
  public static RateLimiter of(double requestsPerSecond) {
    return new RateLimiter(requestsPerSecond, defaultBurst(requestsPerSecond), System::nanoTime,
        nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
  }

  /** A small burst: one second's worth of requests, at least 1 and at most 5. */
  public static double defaultBurst(double requestsPerSecond) {
    return Math.max(1, Math.min(5, Math.floor(requestsPerSecond)));
  }

  /**
   * Waits until a request may proceed.
   *
   * @throws CancellationException if interrupted while waiting (the interrupt flag stays set)
   */
  public void acquire() {
    long wait = bucket.reserve(clock.getAsLong());
    permits.incrementAndGet();
    if (wait <= 0) {
      return;
    }
    waited.incrementAndGet();
    waitedNanos.addAndGet(wait);
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the client-side rate limit");
    }
  }

  /** Permits handed out so far (one per request). */
  public long permits() {
    return permits.get();
  }

  /** Permits that had to wait. */
  public long waitedPermits() {
    return waited.get();
  }

  /** The waits imposed so far, summed. */
  public Duration totalWait() {
    return Duration.ofNanos(waitedNanos.get());
  }

  public double requestsPerSecond() {
    return bucket.ratePerSecond();
  }

  public double burst() {
    return bucket.capacity();
  }
}
