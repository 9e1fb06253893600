package dev.compliantami.watcher;

/** No watched item could be checked (e.g. every read was denied or throttled): the invocation fails so Lambda retries it. */
public final class PollFailedException extends RuntimeException {
  private final transient WatchResult result;

  PollFailedException(WatchResult result) {
    super("no watched item could be checked: " + String.join("; ", result.items().stream().map(ItemOutcome::line).toList()));
    this.result = result;
  }

  public WatchResult result() {
    return result;
  }
}
