package dev.compliantami.watcher;

/**
 * What one watched item looked like in this run.
 *
 * @param current the current value (AMI id, or {@code version|status} for a component); null on error
 * @param previous the remembered value before this run; null the first time
 */
public record ItemOutcome(
    String kind, String name, String region, String source, Status status, String current, String previous, String detail) {

  public enum Status {
    /** first observation: recorded, nothing emitted (unless EMIT_ON_FIRST_OBSERVATION) */
    BASELINE,
    UNCHANGED,
    /** a release was found and its event emitted */
    CHANGED,
    /** a component's status changed (news, no event) */
    STATUS_CHANGED,
    /** another run recorded the same change first and emitted its event */
    CLAIMED_BY_ANOTHER_RUN,
    ERROR
  }

  String line() {
    String what = kind + " " + name + (region == null ? "" : " (" + region + ")");
    return switch (status) {
      case CHANGED -> what + ": " + (previous == null ? "first seen" : previous) + " -> " + current + (detail == null ? "" : " — " + detail);
      case STATUS_CHANGED -> what + ": " + detail;
      case ERROR -> what + ": could not be checked — " + detail;
      default -> what + ": " + status.name().toLowerCase().replace('_', ' ') + " " + current;
    };
  }
}
