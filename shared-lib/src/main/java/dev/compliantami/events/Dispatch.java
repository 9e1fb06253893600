package dev.compliantami.events;

/**
 * The outcome of routing an inbound event: something to act on, or an event this function does not
 * handle (logged and ignored; not an error). Malformed input is neither: it raises {@link
 * MalformedEventException}.
 */
public sealed interface Dispatch<T> {

  record Accepted<T>(T trigger) implements Dispatch<T> {}

  record Ignored<T>(String reason) implements Dispatch<T> {}

  static <T> Dispatch<T> accept(T trigger) {
    return new Accepted<>(trigger);
  }

  static <T> Dispatch<T> ignore(String reason) {
    return new Ignored<>(reason);
  }
}
