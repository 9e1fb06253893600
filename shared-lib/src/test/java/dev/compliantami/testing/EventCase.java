package dev.compliantami.testing;

import java.util.Map;

/**
 * One hostile or foreign input for a handler's bad-input test.
 *
 * @param expected the JSON path the typed error must name, or {@code ignored} (a few tests add their own
 *     outcomes, e.g. {@code polled})
 */
public record EventCase(String name, Map<String, Object> event, String expected) {
  @Override
  public String toString() {
    return name;
  }
}
