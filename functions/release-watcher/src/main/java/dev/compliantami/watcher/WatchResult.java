package dev.compliantami.watcher;

import java.util.List;

/**
 * The result of one polling run: every watched item with its current value.
 *
 * @param trigger what started the run ({@code schedule}, {@code manual}, {@code sns})
 * @param snsNote what the triggering SNS message said, or why it could not be read (the poll runs anyway)
 */
public record WatchResult(
    String trigger,
    String triggerId,
    String ignoredBecause,
    String snsNote,
    List<ItemOutcome> items,
    int eventsPublished,
    List<String> eventFailures,
    String notificationMessageId,
    String notificationError) {

  static WatchResult ignored(String why) {
    return new WatchResult(null, null, why, null, List.of(), 0, List.of(), null, null);
  }

  public long count(ItemOutcome.Status status) {
    return items.stream().filter(i -> i.status() == status).count();
  }

  WatchResult withNotification(String messageId, String error) {
    return new WatchResult(trigger, triggerId, ignoredBecause, snsNote, items, eventsPublished, eventFailures, messageId, error);
  }
}
