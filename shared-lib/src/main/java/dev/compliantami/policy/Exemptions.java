package dev.compliantami.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads exemption tags (architecture.md §4) into an {@link Exemption}; pure, dates in UTC. */
public final class Exemptions {
  /** Longest reason kept in events and notifications (tag values may be 256 characters). */
  private static final int MAX_REASON = 256;

  private Exemptions() {}

  /**
   * @param tags the instance's tags
   * @param today the current UTC date; an exemption "until" today is still valid today
   * @param maxSpanDays the furthest an exemption may reach beyond today
   */
  public static Exemption evaluate(Map<String, String> tags, LocalDate today, int maxSpanDays) {
    String until = trimmed(tags.get(ManagedTags.EXEMPT_UNTIL));
    String reason = trimmed(tags.get(ManagedTags.EXEMPT_REASON));
    if (until == null) {
      return reason == null
          ? new Exemption.None()
          : new Exemption.Broken(Exemption.Problem.NO_DATE, ManagedTags.EXEMPT_REASON + " without " + ManagedTags.EXEMPT_UNTIL);
    }
    LocalDate date = parseDate(until);
    if (date == null) {
      return new Exemption.Broken(Exemption.Problem.UNREADABLE_DATE, ManagedTags.EXEMPT_UNTIL + "=" + clip(until, 64) + " is not an ISO date");
    }
    if (reason == null) {
      return new Exemption.Broken(Exemption.Problem.NO_REASON, "until " + date + " but no " + ManagedTags.EXEMPT_REASON);
    }
    if (date.isBefore(today)) {
      return new Exemption.Broken(Exemption.Problem.EXPIRED, "expired on " + date + " (" + clip(reason, 80) + ")");
    }
    if (date.isAfter(today.plusDays(maxSpanDays))) {
      return new Exemption.Broken(
          Exemption.Problem.TOO_LONG, "until " + date + " is more than " + maxSpanDays + " days away (" + clip(reason, 80) + ")");
    }
    return new Exemption.Valid(date, clip(reason, MAX_REASON));
  }

  /** {@code yyyy-MM-dd}, or an ISO instant ({@code 2026-12-31T00:00:00Z}) taken as its UTC date. */
  static LocalDate parseDate(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException notADate) {
      try {
        return Instant.parse(value).atZone(ZoneOffset.UTC).toLocalDate();
      } catch (DateTimeParseException notAnInstant) {
        return null;
      }
    }
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String clip(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max) + "…";
  }
}
