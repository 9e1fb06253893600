package dev.compliantami.policy;

import java.util.Locale;

/**
 * What launch-auditor does about an instance's verdict (pure; the handler re-reads the instance and asks again
 * right before it stops or terminates anything).
 *
 * <p>Rules: nothing but notification in dry-run or with {@code notify}; from {@code tag} up the verdict tag is written
 * on every judged instance (compliant and exempt ones too); {@code stop} never stops an Auto Scaling group member or
 * an instance protected against stop (reported instead); {@code terminate} marks a group member unhealthy so its group
 * replaces it, and never terminates a standalone instance protected against termination (reported instead). An
 * instance already on its way down is left alone, which makes redelivery and pending-then-running harmless.
 */
public final class LaunchAction {
  private LaunchAction() {}

  /** The deploy parameter {@code LaunchAuditorAction}. */
  public enum Configured {
    NOTIFY, TAG, STOP, TERMINATE;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** @return null when {@code text} is none of notify, tag, stop, terminate */
    public static Configured parse(String text) {
      for (Configured c : values()) {
        if (c.value().equals(text)) {
          return c;
        }
      }
      return null;
    }
  }

  /** The mutating step, besides the verdict tag. */
  public enum Step { NONE, STOP, TERMINATE, MARK_UNHEALTHY }

  /**
   * The instance as last read.
   *
   * @param state EC2 state name (pending, running, stopping, stopped, shutting-down, terminated)
   * @param autoScalingGroup its group ({@code aws:autoscaling:groupName}), null when standalone
   * @param stopProtected {@code disableApiStop}
   * @param terminationProtected {@code disableApiTermination}
   * @param markedUnhealthy its group already reports it unhealthy (or is terminating it)
   * @param verdictTag its current {@code compliant-ami:verdict} value, null when absent
   */
  public record Instance(String state, String autoScalingGroup, boolean stopProtected, boolean terminationProtected,
      boolean markedUnhealthy, String verdictTag) {}

  /**
   * @param tag the verdict tag value to write, null when no tag is written
   * @param step the mutating step
   * @param action the event's {@code action}: none, notified, tagged, stopped, terminated (what was or would be done)
   * @param withheld why the configured step was not taken (protection, group member, already done), else null
   */
  public record Decision(String tag, Step step, String action, String withheld) {
    public boolean mutates() {
      return tag != null || step != Step.NONE;
    }
  }

  /** The {@code compliant-ami:verdict} value: {@code compliant}, {@code exempt} or {@code violation:<CODE>[,<CODE>…]}. */
  public static String verdictTag(ImageVerdict verdict) {
    return switch (verdict.outcome()) {
      case COMPLIANT -> "compliant";
      case EXEMPT -> "exempt";
      case VIOLATION -> "violation:" + String.join(",", verdict.codes());
    };
  }

  public static Decision decide(ImageVerdict verdict, Configured configured, boolean dryRun, Instance instance) {
    Decision d = enforce(verdict, configured, instance);
    if (!dryRun) {
      return d;
    }
    String would = d.mutates() ? "dry-run: would " + describe(d) : null;
    return new Decision(null, Step.NONE, verdict.violation() ? "notified" : "none", would == null ? d.withheld() : would);
  }

  private static Decision enforce(ImageVerdict verdict, Configured configured, Instance instance) {
    String state = instance.state();
    if ("shutting-down".equals(state) || "terminated".equals(state)) {
      return new Decision(null, Step.NONE, verdict.violation() ? "notified" : "none", "instance is " + state);
    }
    if (configured == Configured.NOTIFY) {
      return new Decision(null, Step.NONE, verdict.violation() ? "notified" : "none", null);
    }
    String wanted = verdictTag(verdict);
    String tag = wanted.equals(instance.verdictTag()) ? null : wanted;
    if (!verdict.violation() || configured == Configured.TAG) {
      return new Decision(tag, Step.NONE, tag == null && !verdict.violation() ? "none" : "tagged",
          tag == null ? "verdict tag already " + wanted : null);
    }
    String group = instance.autoScalingGroup();
    if (configured == Configured.STOP) {
      if (group != null) {
        return new Decision(tag, Step.NONE, "tagged", "member of Auto Scaling group " + group + ": never stopped");
      }
      if (instance.stopProtected()) {
        return new Decision(tag, Step.NONE, "tagged", "protected against stop (disableApiStop)");
      }
      if ("stopping".equals(state) || "stopped".equals(state)) {
        return new Decision(tag, Step.NONE, "stopped", "already " + state);
      }
      return new Decision(tag, Step.STOP, "stopped", null);
    }
    if (group != null) {
      return instance.markedUnhealthy()
          ? new Decision(tag, Step.NONE, "terminated", "already unhealthy in Auto Scaling group " + group)
          : new Decision(tag, Step.MARK_UNHEALTHY, "terminated", null);
    }
    if (instance.terminationProtected()) {
      return new Decision(tag, Step.NONE, "tagged", "protected against termination (disableApiTermination)");
    }
    return new Decision(tag, Step.TERMINATE, "terminated", null);
  }

  private static String describe(Decision d) {
    String step = switch (d.step()) {
      case NONE -> null;
      case STOP -> "stop";
      case TERMINATE -> "terminate";
      case MARK_UNHEALTHY -> "mark unhealthy in its Auto Scaling group";
    };
    String tag = d.tag() == null ? null : "tag " + ManagedTags.VERDICT + "=" + d.tag();
    return tag == null ? step : step == null ? tag : tag + " and " + step;
  }
}
