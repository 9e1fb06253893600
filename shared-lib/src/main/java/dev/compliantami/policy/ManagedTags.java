package dev.compliantami.policy;

import java.util.Map;

/** The suite's fixed tag names (architecture.md §4). */
public final class ManagedTags {
  public static final String PREFIX = "compliant-ami:";
  public static final String MANAGED = PREFIX + "managed";
  public static final String BASELINE = PREFIX + "baseline";
  public static final String BASE_IMAGE = PREFIX + "base-image";
  public static final String SOURCE_IMAGE = PREFIX + "source-image";
  public static final String EXEMPT_UNTIL = PREFIX + "exempt-until";
  public static final String EXEMPT_REASON = PREFIX + "exempt-reason";
  public static final String VERDICT = PREFIX + "verdict";
  /** On the factory's Image Builder build/test instances (the template's infrastructure ResourceTags). */
  public static final String FACTORY_BUILD = PREFIX + "factory-build";

  private ManagedTags() {}

  public static boolean isManaged(Map<String, String> tags) {
    return "true".equalsIgnoreCase(tags.getOrDefault(MANAGED, ""));
  }
}
