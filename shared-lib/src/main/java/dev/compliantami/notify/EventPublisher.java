package dev.compliantami.notify;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.config.CommonSettings;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.events.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts the suite's custom events on its bus: batches of at most 10 entries, failed entries retried,
 * and whatever still fails returned (and logged) — never dropped silently.
 */
public final class EventPublisher {
  static final int BATCH = 10;
  private static final int ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final EventBridgeClient events;
  private final String busName;
  private final long backoffMillis;

  /** The suite's bus, named by {@code EVENT_BUS_NAME}, through the function's clients. */
  public static EventPublisher of(AwsClients clients, CommonSettings settings) {
    return new EventPublisher(clients.get(EventBridgeClient.class, EventBridgeClient::builder), settings.eventBusName());
  }

  public EventPublisher(EventBridgeClient events, String busName) {
    this(events, busName, 200);
  }

  EventPublisher(EventBridgeClient events, String busName, long backoffMillis) {
    this.events = events;
    this.busName = busName;
    this.backoffMillis = backoffMillis;
  }

  /** An event that could not be put after all attempts. */
  public record FailedEvent(CustomDetail detail, String errorCode, String errorMessage) {
    public String detailType() {
      return detail.detailType();
    }
  }

  public record PublishResult(int published, List<FailedEvent> failed) {
    public boolean complete() {
      return failed.isEmpty();
    }
  }

  /** @param resourcesOf the ARNs each event is about (EventBridge's {@code resources}) */
  public <D extends CustomDetail> PublishResult publish(List<D> details, Function<? super D, List<String>> resourcesOf) {
    List<PutEventsRequestEntry> entries =
        details.stream()
            .map(
                d ->
                    PutEventsRequestEntry.builder()
                        .eventBusName(busName)
                        .source(CustomDetail.SOURCE)
                        .detailType(d.detailType())
                        .detail(Json.write(d))
                        .resources(resourcesOf.apply(d))
                        .build())
            .toList();
    int published = 0;
    List<FailedEvent> failed = new ArrayList<>();
    for (int start = 0; start < entries.size(); start += BATCH) {
      int end = Math.min(start + BATCH, entries.size());
      Batch outcome = putWithRetries(entries.subList(start, end), details.subList(start, end));
      published += outcome.published;
      failed.addAll(outcome.failed);
    }
    for (FailedEvent f : failed) {
      LOG.error("custom event not published: detailType={} errorCode={} errorMessage={}", f.detailType(), f.errorCode(), f.errorMessage());
    }
    return new PublishResult(published, List.copyOf(failed));
  }

  private record Batch(int published, List<FailedEvent> failed) {}

  private Batch putWithRetries(List<PutEventsRequestEntry> batch, List<? extends CustomDetail> details) {
    List<Integer> todo = IntStream.range(0, batch.size()).boxed().toList();
    List<FailedEvent> lastFailures = List.of();
    int published = 0;
    for (int attempt = 1; attempt <= ATTEMPTS && !todo.isEmpty(); attempt++) {
      if (attempt > 1) {
        sleep(backoffMillis * (1L << (attempt - 2)));
      }
      List<Integer> current = todo;
      PutEventsResponse response;
      try {
        response = events.putEvents(r -> r.entries(current.stream().map(batch::get).toList()));
      } catch (SdkException e) {
        lastFailures = current.stream().map(i -> new FailedEvent(details.get(i), "RequestFailed", e.getMessage())).toList();
        continue;
      }
      List<PutEventsResultEntry> results = response.entries();
      List<Integer> retry = new ArrayList<>();
      List<FailedEvent> failures = new ArrayList<>();
      for (int k = 0; k < current.size(); k++) {
        PutEventsResultEntry r = k < results.size() ? results.get(k) : null;
        if (r == null || r.errorCode() != null) {
          retry.add(current.get(k));
          failures.add(
              new FailedEvent(
                  details.get(current.get(k)),
                  r == null ? "NoResult" : r.errorCode(),
                  r == null ? "no result entry returned" : r.errorMessage()));
        }
      }
      published += current.size() - retry.size();
      todo = retry;
      lastFailures = failures;
    }
    return new Batch(published, todo.isEmpty() ? List.of() : lastFailures);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
