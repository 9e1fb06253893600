package dev.compliantami.fleet;

import dev.compliantami.aws.AwsErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs one piece of work per target on virtual threads, at most {@code parallelism} at once. One target's failure
 * (any exception) or timeout becomes its {@link TargetResult.Failed} and never stops the others; results come back
 * in target order.
 */
public final class FanOut {
  private FanOut() {}

  /** Without an overall deadline. */
  public static <R> List<TargetResult<R>> run(List<Target> targets, int parallelism, Function<Target, R> work) {
    return run(targets, parallelism, null, work);
  }

  /**
   * With an overall {@code deadline} from now (null: none): targets not finished by then — running or still
   * waiting for a slot — are interrupted and reported as {@code Failed(target, "TimedOut: …")}. Work that ignores
   * interruption may go on in the background after this returns; its result is discarded.
   */
  public static <R> List<TargetResult<R>> run(
      List<Target> targets, int parallelism, Duration deadline, Function<Target, R> work) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    }
    Deadline end = new Deadline(deadline);
    Semaphore slots = new Semaphore(parallelism, true);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<R>> futures = new ArrayList<>(targets.size());
      for (Target target : targets) {
        futures.add(executor.submit(() -> {
          slots.acquire();
          try {
            if (end.passed()) {
              throw new NotStarted(); // the slot came free only after the deadline
            }
            return work.apply(target);
          } finally {
            slots.release();
          }
        }));
      }
      List<TargetResult<R>> results = new ArrayList<>(targets.size());
      for (int i = 0; i < targets.size(); i++) {
        results.add(await(targets.get(i), futures.get(i), end));
      }
      return results;
    } finally {
      executor.shutdownNow(); // interrupts whatever is left after a deadline or an interrupt of the caller
    }
  }

  private static <R> TargetResult<R> await(Target target, Future<R> future, Deadline end) {
    try {
      R value = end.none() ? future.get() : future.get(end.remainingNanos(), TimeUnit.NANOSECONDS);
      return new TargetResult.Done<>(target, value);
    } catch (ExecutionException e) {
      return new TargetResult.Failed<>(target,
          e.getCause() instanceof NotStarted ? end.timedOut() : AwsErrors.describe(e.getCause()));
    } catch (TimeoutException e) {
      future.cancel(true);
      return new TargetResult.Failed<>(target, end.timedOut());
    } catch (CancellationException e) {
      return new TargetResult.Failed<>(target, "Cancelled");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return new TargetResult.Failed<>(target, "Interrupted: the fan-out was interrupted");
    }
  }

  /** The overall deadline, or none. */
  private record Deadline(Duration limit, long endNanos) {
    Deadline(Duration limit) {
      this(limit, limit == null ? 0 : System.nanoTime() + Math.min(limit.toNanos(), Long.MAX_VALUE / 4));
    }

    boolean none() {
      return limit == null;
    }

    boolean passed() {
      return limit != null && System.nanoTime() - endNanos >= 0;
    }

    long remainingNanos() {
      return Math.max(0, endNanos - System.nanoTime());
    }

    String timedOut() {
      return "TimedOut: not finished within the fan-out deadline of " + limit;
    }
  }

  private static final class NotStarted extends RuntimeException {
    NotStarted() {
      super(null, null, false, false);
    }
  }
}
