package dev.compliantami.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What became of one target: {@link Done} with the work's value, or {@link Failed} with a short reason. */
public sealed interface TargetResult<R> permits TargetResult.Done, TargetResult.Failed {
  Target target();

  record Done<R>(Target target, R value) implements TargetResult<R> {
    public Done {
      Objects.requireNonNull(target, "target");
    }
  }

  /** {@code reason} is e.g. {@code AccessDenied: User … is not authorized to perform: sts:AssumeRole …}. */
  record Failed<R>(Target target, String reason) implements TargetResult<R> {
    public Failed {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The results split by outcome, each part in the original order. */
  record Partition<R>(List<Done<R>> done, List<Failed<R>> failed) {
    public Partition {
      done = List.copyOf(done);
      failed = List.copyOf(failed);
    }

    public boolean allDone() {
      return failed.isEmpty();
    }

    public List<R> values() {
      return done.stream().map(Done::value).toList();
    }
  }

  static <R> Partition<R> partition(List<TargetResult<R>> results) {
    List<Done<R>> done = new ArrayList<>();
    List<Failed<R>> failed = new ArrayList<>();
    for (TargetResult<R> r : results) {
      switch (r) {
        case Done<R> d -> done.add(d);
        case Failed<R> f -> failed.add(f);
      }
    }
    return new Partition<>(done, failed);
  }
}
