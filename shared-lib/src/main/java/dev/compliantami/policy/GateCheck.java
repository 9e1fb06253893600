package dev.compliantami.policy;

import java.util.List;

/** One check of ami-publisher's gate, reported whether it passed or not. */
public record GateCheck(String name, boolean passed, String detail) {

  public static GateCheck pass(String name, String detail) {
    return new GateCheck(name, true, detail);
  }

  public static GateCheck fail(String name, String detail) {
    return new GateCheck(name, false, detail);
  }

  public static boolean allPassed(List<GateCheck> checks) {
    return checks.stream().allMatch(GateCheck::passed);
  }
}
