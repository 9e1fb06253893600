package dev.compliantami.events;

import java.time.Instant;
import java.util.Map;

/** fleet-report: a report was written; {@code totals} holds its headline counts. */
public record FleetReportPublished(int schemaVersion, String reportUri, Instant generatedAt, Map<String, Long> totals)
    implements CustomDetail {
  public static final String DETAIL_TYPE = "Fleet Report Published";

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }
}
