package dev.compliantami.fleet;

/**
 * A token bucket that hands out reservations: {@link #reserve} always takes a token, possibly going into debt, and
 * says how long the caller must wait before using it. Concurrent callers therefore queue up fairly (each later one
 * waits one refill interval longer). Pure: time is passed in, in nanoseconds from any fixed origin.
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double ratePerSecond;
  private final double capacity;
  private double tokens;
  private long last;

  /** Starts full ({@code capacity} tokens) at {@code nowNanos}. */
  public TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be > 0, was " + ratePerSecond);
    }
    if (!(capacity >= 1) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.ratePerSecond = ratePerSecond;
    this.capacity = capacity;
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Takes one token; the nanoseconds to wait from {@code nowNanos} before it may be used (0 when one was free). */
  public synchronized long reserve(long nowNanos) {
    refill(nowNanos);
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerSecond * NANOS_PER_SECOND);
  }

  /** Tokens available at {@code nowNanos}; negative while reservations are outstanding. */
  public synchronized double available(long nowNanos) {
    refill(nowNanos);
    return tokens;
  }

  public double ratePerSecond() {
    return ratePerSecond;
  }

  public double capacity() {
    return capacity;
  }

  private void refill(long nowNanos) {
    if (nowNanos > last) {
      tokens = Math.min(capacity, tokens + (nowNanos - last) / NANOS_PER_SECOND * ratePerSecond);
      last = nowNanos;
    }
  }
}
