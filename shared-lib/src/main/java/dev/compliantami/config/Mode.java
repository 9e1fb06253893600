package dev.compliantami.config;

/** Whether a function may change anything. {@link #DRY_RUN} is the default everywhere. */
public enum Mode {
  DRY_RUN("dry-run"),
  ENFORCE("enforce");

  private final String value;

  Mode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public boolean dryRun() {
    return this == DRY_RUN;
  }

  static Mode parse(String text) {
    for (Mode m : values()) {
      if (m.value.equals(text)) {
        return m;
      }
    }
    return null;
  }
}
