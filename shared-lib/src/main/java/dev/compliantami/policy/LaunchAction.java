package dev.compliantami.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What launch-auditor does about an instance's verdict (pure; the handler re-reads the instance and asks again
 * right before it stops or terminates anything).
 *
 * <p>Rules: nothing but notification in dry-run or with {@code notify}; from {@code tag} up the verdict tag is written
 * on every judged instance (compliant and exempt ones too); {@code stop} never stops an Auto Scaling group member or
 * an instance protected against stop (reported instead); {@code terminate} marks a group member unhealthy so its group
 * replaces it, and never terminates a standalone instance protected against termination (reported instead). An
 * instance already on its way down is left alone, which makes redelivery and pending-then-running harmless.
 *
 * <p>Blast radius ({@link #cap}): per invocation at most {@link Caps#maxPerRun()} disruptive steps (stop, terminate,
 * mark unhealthy) and at most {@link Caps#maxPerGroup()} per Auto Scaling group; the violators beyond the caps are
 * only notified and reported as left for later. Tagging is not capped (it disrupts nothing).
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
   * @param withheld why the configured step was not taken (protection, group member, already done, capped), else null
   * @param capped a cap left this violator for later: no tag, no step, only the notification
   */
  public record Decision(String tag, Step step, String action, String withheld, boolean capped) {
    public Decision(String tag, Step step, String action, String withheld) {
      this(tag, step, action, withheld, false);
    }

    public boolean mutates() {
      return tag != null || step != Step.NONE;
    }

    /** Stop, terminate or mark unhealthy: what the caps count. */
    public boolean disruptive() {
      return step != Step.NONE;
    }
  }

  /**
   * The blast-radius caps of one invocation (architecture.md §7).
   *
   * @param maxPerRun {@code MAX_TERMINATIONS_PER_RUN}: disruptive steps per invocation; 0 = none at all
   * @param maxPerGroup {@code MAX_REPLACEMENTS_PER_GROUP}: disruptive steps per Auto Scaling group per invocation
   */
  public record Caps(int maxPerRun, int maxPerGroup) {
    public Caps {
      if (maxPerRun < 0) {
        throw new IllegalArgumentException("maxPerRun < 0");
      }
      if (maxPerGroup < 1) {
        throw new IllegalArgumentException("maxPerGroup < 1");
      }
    }
  }

  /**
   * One instance's decision where the caps can see it.
   *
   * @param autoScalingGroup its group, null when standalone
   */
  public record Placed(String accountId, String region, String instanceId, String autoScalingGroup, Decision decision) {
    public Placed {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(decision, "decision");
    }
  }

  /**
   * Applies the caps to one invocation's decisions, first come first served in the given order (the batch's order).
   * A disruptive decision beyond a cap becomes {@link #capped capped}; every other decision is returned unchanged.
   *
   * @return the decisions, one per input, in the same order
   */
  public static List<Decision> cap(List<Placed> decisions, Caps caps) {
    Map<List<String>, Integer> perGroup = new HashMap<>();
    int spent = 0;
    List<Decision> out = new ArrayList<>(decisions.size());
    for (Placed p : decisions) {
      Decision d = p.decision();
      if (!d.disruptive()) {
        out.add(d);
        continue;
      }
      List<String> group = p.autoScalingGroup() == null ? null : List.of(p.accountId(), p.region(), p.autoScalingGroup());
      if (spent >= caps.maxPerRun()) {
        out.add(capped("at most " + caps.maxPerRun() + " disruptive action(s) per invocation (MaxTerminationsPerRun)"));
      } else if (group != null && perGroup.getOrDefault(group, 0) >= caps.maxPerGroup()) {
        out.add(capped("at most " + caps.maxPerGroup() + " per Auto Scaling group " + p.autoScalingGroup() + " per invocation (MaxReplacementsPerGroup)"));
      } else {
        spent++;
        if (group != null) {
          perGroup.merge(group, 1, Integer::sum);
        }
        out.add(d);
      }
    }
    return out;
  }

  private static Decision capped(String why) {
    return new Decision(null, Step.NONE, "notified", "capped: " + why + "; left for later", true);
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
    return dryRun ? dryRun(verdict, d) : d;
  }

  /**
   * What dry-run reports instead of {@code d}: nothing mutates, the violation is notified, and what enforce mode would
   * have done is said in {@code withheld}. A capped decision stays as it is (it changes nothing already).
   */
  public static Decision dryRun(ImageVerdict verdict, Decision d) {
    if (d.capped()) {
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
