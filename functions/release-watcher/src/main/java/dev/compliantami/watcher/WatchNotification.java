package dev.compliantami.watcher;

import dev.compliantami.notify.Notification;
import dev.compliantami.notify.Severity;
import dev.compliantami.watcher.ItemOutcome.Status;
import java.util.ArrayList;
import java.util.List;

/** One message per run that found news: releases, component status changes, items that could not be checked. */
final class WatchNotification {
  private WatchNotification() {}

  static boolean worthSending(WatchResult r) {
    return r.items().stream().anyMatch(i -> i.status() == Status.CHANGED || i.status() == Status.STATUS_CHANGED || i.status() == Status.ERROR);
  }

  static Notification of(WatchResult r, ReleaseWatcherSettings settings) {
    long releases = r.count(Status.CHANGED);
    long statusNews = r.count(Status.STATUS_CHANGED);
    long errors = r.count(Status.ERROR);
    List<String> parts = new ArrayList<>();
    if (releases > 0) {
      parts.add(releases + " release(s): " + String.join(", ", r.items().stream().filter(i -> i.status() == Status.CHANGED).map(ItemOutcome::name).toList()));
    }
    if (statusNews > 0) {
      parts.add(statusNews + " component status change(s)");
    }
    if (errors > 0) {
      parts.add(errors + " item(s) could not be checked");
    }
    String headline = String.join("; ", parts);

    List<String> actions = new ArrayList<>();
    r.items().stream().filter(i -> i.status() != Status.UNCHANGED && i.status() != Status.BASELINE).map(ItemOutcome::line).forEach(actions::add);
    if (releases > 0) {
      actions.add(r.eventsPublished() + " event(s) put on the suite's bus for pipeline-starter");
    }
    List<String> next = new ArrayList<>();
    if (releases > 0) {
      next.add("Nothing to do: pipeline-starter starts the pipelines built on these releases (and reports what it started).");
    }
    if (statusNews > 0) {
      next.add("Move recipes off deprecated or disabled components before their builds start failing.");
    }
    if (errors > 0) {
      next.add("Check the failed items (parameter names, image queries, IAM); the others were checked normally.");
    }
    return new Notification(
        errors > 0 || statusNews > 0 ? Severity.WARNING : Severity.INFO,
        "release-watcher: " + headline,
        "release-watcher polled " + r.items().size() + " watched item(s): " + headline + ".",
        "account " + settings.common().centralAccountId() + ", regions " + String.join(", ", settings.factoryRegions()),
        "a " + r.trigger() + " poll (trigger id " + r.triggerId() + ")" + (r.snsNote() == null ? "" : "; " + r.snsNote()),
        actions,
        next,
        false);
  }
}
