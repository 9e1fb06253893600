package dev.compliantami.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.model.StsException;

class FanOutTest {

  private static List<Target> targets(int n) {
    return IntStream.range(0, n).mapToObj(i -> new Target(String.format("%012d", 100000000000L + i), "us-east-1"))
        .toList();
  }

  @Test
  void parallelismIsReachedButNeverExceeded() {
    int parallelism = 4;
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch firstWave = new CountDownLatch(parallelism);
    List<TargetResult<Integer>> results = FanOut.run(targets(40), parallelism, t -> {
      int now = running.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
      try {
        firstWave.countDown();
        // the first `parallelism` targets hold their slots until all of them run at once
        firstWave.await(10, TimeUnit.SECONDS);
        Thread.sleep(1);
        return now;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
    });
    assertThat(results).hasSize(40).allMatch(r -> r instanceof TargetResult.Done<Integer>);
    assertThat(firstWave.getCount()).isZero();
    assertThat(peak.get()).isEqualTo(parallelism);
  }

  @Test
  void resultsComeBackInTargetOrderWhateverOrderTheyFinishIn() {
    List<Target> targets = targets(25);
    List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<TargetResult<String>> results = FanOut.run(targets, 8, t -> {
      sleep(ThreadLocalRandom.current().nextInt(0, 15));
      finished.add(t.accountId());
      return t.label();
    });
    assertThat(results).extracting(TargetResult::target).containsExactlyElementsOf(targets);
    assertThat(TargetResult.partition(results).values())
        .containsExactlyElementsOf(targets.stream().map(Target::label).toList());
    assertThat(finished).hasSize(25);
  }

  @Test
  void oneFailingTargetNeverStopsTheOthers() {
    List<Target> targets = targets(6);
    List<TargetResult<String>> results = FanOut.run(targets, 2, t -> {
      if (t.equals(targets.get(1))) {
        throw new IllegalStateException("boom");
      }
      if (t.equals(targets.get(3))) {
        throw StsException.builder().statusCode(403)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("not authorized").build())
            .build();
      }
      if (t.equals(targets.get(4))) {
        throw new AssertionError("an Error too");
      }
      return "ok";
    });
    assertThat(results.get(1)).isEqualTo(new TargetResult.Failed<>(targets.get(1), "IllegalStateException: boom"));
    assertThat(results.get(3)).isEqualTo(new TargetResult.Failed<>(targets.get(3), "AccessDenied: not authorized"));
    assertThat(results.get(4)).isEqualTo(new TargetResult.Failed<>(targets.get(4), "AssertionError: an Error too"));
    for (int i : new int[] {0, 2, 5}) {
      assertThat(results.get(i)).isEqualTo(new TargetResult.Done<>(targets.get(i), "ok"));
    }
  }

  @Test
  void targetsNotDoneByTheDeadlineFailAndAreInterrupted() throws InterruptedException {
    List<Target> targets = targets(4);
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    // parallelism 2: target 1 hangs in its slot; target 3 is quick; nothing else waits
    List<TargetResult<String>> results = FanOut.run(targets, 2, Duration.ofSeconds(2), t -> { // generous: a loaded CI machine
      if (t.equals(targets.get(1))) {
        try {
          never.await();
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw new IllegalStateException("interrupted");
        }
      }
      return "ok";
    });
    assertThat(results.get(1)).isInstanceOfSatisfying(TargetResult.Failed.class,
        f -> assertThat(f.reason()).startsWith("TimedOut:").contains("PT2S"));
    assertThat(List.of(results.get(0), results.get(2), results.get(3)))
        .allMatch(r -> r instanceof TargetResult.Done<String> d && d.value().equals("ok"));
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the hung target was interrupted").isTrue();
  }

  @Test
  void targetsStillWaitingForASlotAtTheDeadlineFailToo() {
    List<Target> targets = targets(3);
    ConcurrentHashMap<Target, Boolean> started = new ConcurrentHashMap<>();
    List<TargetResult<String>> results = FanOut.run(targets, 1, Duration.ofMillis(200), t -> {
      started.put(t, true);
      sleep(60_000);
      return "late";
    });
    assertThat(results).allMatch(r -> r instanceof TargetResult.Failed<String> f && f.reason().startsWith("TimedOut:"));
    // parallelism 1: exactly one target got the slot (which one is up to the scheduler); the others never started
    assertThat(started).hasSize(1);
  }

  @Test
  void noTargetsNoWork() {
    assertThat(FanOut.run(List.of(), 3, t -> "x")).isEmpty();
  }

  @Test
  void parallelismBelowOneIsRefused() {
    assertThatThrownBy(() -> FanOut.run(targets(1), 0, t -> "x")).isInstanceOf(IllegalArgumentException.class);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException("interrupted", e);
    }
  }
}
