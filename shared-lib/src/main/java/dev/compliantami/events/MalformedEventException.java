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

  private MalformedEventException(String path, String message, boolean rebased) {
    super(message);
    this.path = path;
  }

  /** The same error for a document nested at {@code prefix} (e.g. an SQS body): {@code $.detail} becomes {@code <prefix>.detail}. */
  public MalformedEventException under(String prefix) {
    String nested = prefix + path.substring(1);
    return new MalformedEventException(nested, getMessage().replaceFirst("^malformed event at \\S+:", "malformed event at " + java.util.regex.Matcher.quoteReplacement(nested) + ":"), true);
  }

  public String path() {
    return path;
  }
}
