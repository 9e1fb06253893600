package dev.compliantami.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket and the limiter on a fake clock: no real time anywhere. */
class RateLimiterTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  @Test
  void aFullBucketLetsTheBurstThroughThenSpacesCallsAtTheRate() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);
    assertThat(List.of(bucket.reserve(0), bucket.reserve(0), bucket.reserve(0))).containsOnly(0L);
    assertThat(bucket.reserve(0)).isEqualTo(500 * MS);
    assertThat(bucket.reserve(0)).isEqualTo(1000 * MS);
    assertThat(bucket.available(0)).isEqualTo(-2.0);
  }

  @Test
  void tokensRefillWithTimeUpToTheCapacity() {
    TokenBucket bucket = new TokenBucket(5, 2, 0);
    bucket.reserve(0);
    bucket.reserve(0);
    assertThat(bucket.available(0)).isEqualTo(0.0);
    assertThat(bucket.available(100 * MS)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(bucket.reserve(100 * MS)).isEqualTo(100 * MS); // half a token short at 5/s
    assertThat(bucket.available(3600 * S)).isEqualTo(2.0);   // idle for an hour: only the burst is saved
  }

  @Test
  void aClockGoingBackwardsAddsNoTokens() {
    TokenBucket bucket = new TokenBucket(1, 1, 10 * S);
    bucket.reserve(10 * S);
    assertThat(bucket.reserve(5 * S)).isEqualTo(S);
  }

  @Test
  void slowRatesWaitLong() {
    TokenBucket bucket = new TokenBucket(0.1, 1, 0);
    bucket.reserve(0);
    assertThat(bucket.reserve(0)).isEqualTo(10 * S);
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limiterSleepsWhatTheBucketSaysAndRecordsIt() {
    FakeTime time = new FakeTime();
    RateLimiter limiter = new RateLimiter(4, 2, time::now, time::sleep);
    for (int i = 0; i < 6; i++) {
      limiter.acquire();
    }
    // 2 free, then one every 250 ms (the clock moves only by the limiter's own sleeps)
    assertThat(time.sleeps).containsExactly(250 * MS, 250 * MS, 250 * MS, 250 * MS);
    assertThat(limiter.permits()).isEqualTo(6);
    assertThat(limiter.waitedPermits()).isEqualTo(4);
    assertThat(limiter.totalWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void concurrentCallersQueueOneIntervalApart() throws Exception {
    FakeTime time = new FakeTime(); // frozen: sleeping does not move it here
    List<Long> waits = new CopyOnWriteArrayList<>();
    RateLimiter limiter = new RateLimiter(10, 1, () -> 0L, waits::add);
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        executor.submit(limiter::acquire);
      }
    }
    List<Long> expected = new ArrayList<>();
    for (int k = 1; k < 50; k++) {
      expected.add(k * 100 * MS);
    }
    assertThat(waits).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(limiter.permits()).isEqualTo(50);
    assertThat(limiter.waitedPermits()).isEqualTo(49);
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void anInterruptedWaitCancelsTheCallAndKeepsTheFlag() {
    RateLimiter limiter = new RateLimiter(1, 1, () -> 0L, nanos -> {
      throw new InterruptedException();
    });
    limiter.acquire();
    try {
      assertThatThrownBy(limiter::acquire).isInstanceOf(CancellationException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void defaultBurstIsSmall() {
    assertThat(RateLimiter.defaultBurst(0.1)).isEqualTo(1.0);
    assertThat(RateLimiter.defaultBurst(2.5)).isEqualTo(2.0);
    assertThat(RateLimiter.defaultBurst(5)).isEqualTo(5.0);
    assertThat(RateLimiter.defaultBurst(100)).isEqualTo(5.0);
    RateLimiter real = RateLimiter.of(5);
    assertThat(real.requestsPerSecond()).isEqualTo(5.0);
    assertThat(real.burst()).isEqualTo(5.0);
  }

  /** A clock that moves only when something sleeps on it. */
  static final class FakeTime {
    final AtomicLong nanos = new AtomicLong();
    final List<Long> sleeps = new CopyOnWriteArrayList<>();

    long now() {
      return nanos.get();
    }

    void sleep(long n) {
      sleeps.add(n);
      nanos.addAndGet(n);
    }
  }
}
