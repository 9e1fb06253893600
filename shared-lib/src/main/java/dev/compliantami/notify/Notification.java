package dev.compliantami.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * A message for the security team. The body answers, in order: what happened, where, why, what was
 * done (or would be done, in dry-run), and what to do next.
 */
public record Notification(
    Severity severity,
    String subject,
    String whatHappened,
    String where,
    String why,
    List<String> actions,
    List<String> nextSteps,
    boolean dryRun) {

  public Notification {
    actions = List.copyOf(actions);
    nextSteps = List.copyOf(nextSteps);
  }

  public String body() {
    StringBuilder b = new StringBuilder();
    b.append(whatHappened).append("\n\n");
    b.append("Where: ").append(where).append("\n");
    b.append("Why: ").append(why).append("\n\n");
    b.append(dryRun ? "What would be done (dry-run mode: nothing was changed):" : "What was done:").append("\n");
    appendList(b, actions.isEmpty() ? List.of("nothing") : actions);
    if (!nextSteps.isEmpty()) {
      b.append("\nWhat to do next:\n");
      appendList(b, nextSteps);
    }
    if (dryRun) {
      b.append("\nThis function runs in dry-run mode; deploy with Mode=enforce to act.\n");
    }
    return b.toString();
  }

  private static void appendList(StringBuilder b, List<String> items) {
    for (String item : new ArrayList<>(items)) {
      b.append("  - ").append(item).append("\n");
    }
  }
}
