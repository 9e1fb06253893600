package dev.compliantami.events;

/**
 * The input is not an event this function can act on. The message names the JSON path and what was
 * expected there; nothing has been changed in AWS when this is thrown.
 */
public final class MalformedEventException extends IllegalArgumentException {
  private final String path;

  public MalformedEventException(String path, String expected, String found) {
    super("malformed event at " + path + ": expected " + expected + ", found " + found);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
