package dev.compliantami.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Function;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * Structured logging and EMF metrics around one invocation, with Powertools' functional API (no
 * AspectJ): Lambda context in every log line, a cold-start metric, metrics flushed even on failure.
 * Namespace and service come from {@code POWERTOOLS_METRICS_NAMESPACE} / {@code POWERTOOLS_SERVICE_NAME}.
 */
public final class Telemetry {
  private Telemetry() {}

  public static <T> T invoke(Context context, Function<Metrics, T> body) {
    Metrics metrics = MetricsFactory.getMetricsInstance();
    return PowertoolsLogging.withLogging(
        context,
        () -> {
          try {
            metrics.captureColdStartMetric(context);
            return body.apply(metrics);
          } finally {
            metrics.flush();
          }
        });
  }
}
