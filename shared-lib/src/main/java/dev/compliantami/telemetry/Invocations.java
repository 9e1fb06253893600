package dev.compliantami.telemetry;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.events.InboundEvent;
import dev.compliantami.events.InboundEvents;
import dev.compliantami.events.MalformedEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** The first and the quiet outcomes every handler shares: malformed input and ignored events. */
public final class Invocations {
  private static final Logger LOG = LoggerFactory.getLogger(Invocations.class);

  private Invocations() {}

  /**
   * Parses the input; a malformed event is logged with its JSON path, counted ({@code MalformedEvents})
   * and rethrown — never swallowed — before anything in AWS is touched.
   */
  public static InboundEvent parse(Object input, Metrics metrics) {
    try {
      return InboundEvents.parse(input);
    } catch (MalformedEventException e) {
      metrics.addMetric("MalformedEvents", 1, MetricUnit.COUNT);
      LOG.error("rejected malformed event; nothing was changed", entry("path", e.path()), entry("detail", e.getMessage()));
      throw e;
    }
  }

  /** An event this function does not handle: logged and counted ({@code EventsIgnored}), not an error. */
  public static void ignored(Metrics metrics, String reason) {
    metrics.addMetric("EventsIgnored", 1, MetricUnit.COUNT);
    LOG.info("event ignored", entry("reason", reason));
  }
}
