package dev.compliantami.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An Image Builder version {@code major.minor.patch}, ordered numerically ({@code 2023.10.1 > 2023.4.0}). */
public record SemanticVersion(long major, long minor, long patch) implements Comparable<SemanticVersion> {
  private static final Pattern FORM = Pattern.compile("(\\d{1,10})\\.(\\d{1,10})\\.(\\d{1,10})");

  public static Optional<SemanticVersion> parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text);
    return m != null && m.matches()
        ? Optional.of(new SemanticVersion(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))))
        : Optional.empty();
  }

  @Override
  public int compareTo(SemanticVersion o) {
    int c = Long.compare(major, o.major);
    if (c == 0) {
      c = Long.compare(minor, o.minor);
    }
    return c != 0 ? c : Long.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
