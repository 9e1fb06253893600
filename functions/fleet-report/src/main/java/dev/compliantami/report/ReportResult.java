package dev.compliantami.report;

import java.util.List;

/**
 * One report run.
 *
 * @param reportDate the report's UTC date, yyyy-MM-dd
 * @param locations the S3 URIs written (dated keys first, then the latest/ copies)
 * @param unreadable {@code account/region: error} of every account/region that could not be read
 */
public record ReportResult(
    String mode, String trigger, String ignoredBecause, String period, String reportDate, FleetReport.Totals totals,
    List<String> worstAccounts, List<String> unreadable, List<String> locations, String reportUri, int eventsPublished,
    String notificationMessageId, String notificationError) {

  static ReportResult ignored(String mode, String why) {
    return new ReportResult(mode, null, why, null, null, null, List.of(), List.of(), List.of(), null, 0, null, null);
  }
}
