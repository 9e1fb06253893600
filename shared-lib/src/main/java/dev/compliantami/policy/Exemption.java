package dev.compliantami.policy;

import java.time.LocalDate;

/**
 * What an instance's exemption tags ({@code compliant-ami:exempt-until} + {@code compliant-ami:exempt-reason},
 * architecture.md §4) amount to. Only {@link Valid} exempts; a {@link Broken} one is reported and not honoured.
 */
public sealed interface Exemption {

  /** No exemption tag at all. */
  record None() implements Exemption {}

  /** A valid exemption: a reason and a date from today up to the configured maximum span. */
  record Valid(LocalDate until, String reason) implements Exemption {}

  /**
   * An Image Builder build or test instance of the factory (tag {@code compliant-ami:factory-build}, honoured only
   * in the factory account): it runs the base image by design, and Image Builder terminates it after the build.
   */
  record FactoryBuild(String baseline) implements Exemption {}

  /** Tags present but not an exemption; {@code problem} says why, {@code detail} quotes what was found. */
  record Broken(Problem problem, String detail) implements Exemption {}

  enum Problem {
    /** exempt-until is not an ISO date (yyyy-MM-dd or an ISO instant). */
    UNREADABLE_DATE,
    /** exempt-until is in the past. */
    EXPIRED,
    /** exempt-reason is missing or blank. */
    NO_REASON,
    /** exempt-until is further away than the maximum span. */
    TOO_LONG,
    /** exempt-reason without exempt-until. */
    NO_DATE;

    /** The code used in verdict reasons, events and notifications, e.g. {@code EXEMPTION_EXPIRED}. */
    public String code() {
      return "EXEMPTION_" + name();
    }
  }

  default boolean exempts() {
    return this instanceof Valid || this instanceof FactoryBuild;
  }

  /** One line for logs and notifications. */
  default String describe() {
    return switch (this) {
      case None n -> "not exempt";
      case Valid v -> "exempt until " + v.until() + " (" + v.reason() + ")";
      case FactoryBuild f -> "factory build instance of " + f.baseline();
      case Broken b -> "broken exemption " + b.problem().code() + ": " + b.detail();
    };
  }
}
