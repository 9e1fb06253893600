package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.compliantami.events.MalformedEventException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The property every handler must have on hostile input (issue 10 §3): the outcome is a typed error
 * ({@link MalformedEventException}, or a failure type of the suite's own when the event was still acceptable and
 * the AWS calls behind it failed) or an ignore — never an unhandled exception — and no mutating AWS request.
 * A rejected or ignored event makes no AWS request at all. An event that is still acceptable after the mutation
 * (e.g. a changed {@code time}) runs, against endpoints that answer nothing, and may report that run: the
 * suite's own audit trail, e-mail and reports ({@code PutEvents}, SNS {@code Publish}, fleet-report's S3 objects
 * under {@code reports/}) are not mutations of the boundary.
 */
public final class HostileInput {
  private static final Pattern READ_ONLY_OR_REPORTING =
      Pattern.compile("^(Describe|Get|List|Search|Lookup|Query|Scan|BatchGet|AssumeRole|Head).*|^(PutEvents|Publish)$|^PutObject .*/reports/.*");

  private HostileInput() {}

  public record Outcome(Object result, Throwable thrown) {}

  /** The suite's result records answer "ignored" with a non-blank {@code ignoredBecause} component. */
  public static boolean ignoredBecauseSet(Object result) {
    if (result == null || !result.getClass().isRecord()) {
      return false;
    }
    for (var component : result.getClass().getRecordComponents()) {
      if (component.getName().equals("ignoredBecause")) {
        try {
          Object why = component.getAccessor().invoke(result);
          return why instanceof String s && !s.isBlank();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return false;
  }

  public static Outcome run(Callable<?> invocation) {
    try {
      return new Outcome(invocation.call(), null);
    } catch (Throwable t) { // an Error (StackOverflowError…) is an outcome to judge too
      return new Outcome(null, t);
    }
  }

  /**
   * @param ignored tells whether a result is the handler's "ignored" answer
   */
  public static void assertSafe(Outcome outcome, List<ServeEvent> requests, Predicate<Object> ignored) {
    Throwable t = outcome.thrown();
    if (t != null) {
      assertThat(isTyped(t)).as("unhandled %s: %s", t.getClass().getName(), t).isTrue();
    }
    boolean rejected = t instanceof MalformedEventException;
    if (rejected || (t == null && ignored.test(outcome.result()))) {
      assertThat(requests).as("a rejected or ignored event makes no AWS request").isEmpty();
    }
    assertThat(requests.stream().map(HostileInput::operation).filter(op -> !READ_ONLY_OR_REPORTING.matcher(op).matches()).toList())
        .as("mutating AWS requests on hostile input").isEmpty();
  }

  /** For jqwik's statistics: how the handler took the event. */
  public static String classify(Outcome outcome) {
    if (outcome.thrown() instanceof dev.compliantami.events.MalformedEventException) {
      return "rejected (MalformedEventException)";
    }
    if (outcome.thrown() != null) {
      return "accepted, run failed (" + outcome.thrown().getClass().getSimpleName() + ")";
    }
    return ignoredBecauseSet(outcome.result()) ? "ignored" : "accepted, ran";
  }

  /** The suite's own typed failures, and AWS SDK errors of an accepted event's calls; nothing else. */
  static boolean isTyped(Throwable t) {
    if (t instanceof Error) {
      return false;
    }
    if (t instanceof SdkException) {
      return true;
    }
    String name = t.getClass().getName();
    return name.startsWith("dev.compliantami.");
  }

  /** The AWS operation of a recorded request: JSON target header, Query {@code Action}, or the REST path. */
  static String operation(ServeEvent event) {
    LoggedRequest r = event.getRequest();
    String target = r.getHeader("X-Amz-Target");
    if (target != null && !target.isBlank()) {
      return target.substring(target.lastIndexOf('.') + 1);
    }
    String action = AwsWire.form(r.getBodyAsString()).get("Action");
    if (action != null) {
      return action;
    }
    String path = r.getUrl().replaceFirst("\\?.*$", "");
    String last = path.substring(path.lastIndexOf('/') + 1);
    boolean readMethod = r.getMethod().getName().equals("GET") || r.getMethod().getName().equals("HEAD");
    if (r.getMethod().getName().equals("PUT") && !path.startsWith("/Start") && !path.startsWith("/Create")) {
      return "PutObject " + path; // S3 (REST); Image Builder's PUT operations are named by their path
    }
    return readMethod ? "Get " + path : (last.isEmpty() ? r.getMethod().getName() + " " + path : last);
  }
}
