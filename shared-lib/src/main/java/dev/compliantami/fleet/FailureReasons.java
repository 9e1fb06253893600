package dev.compliantami.fleet;

import dev.compliantami.aws.AwsErrors;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** A failed target's reason: the AWS error code and message when AWS answered, else the exception's. */
public final class FailureReasons {
  private FailureReasons() {}

  /**
   * {@code AccessDenied: …} when {@code e} or any of its causes is an AWS service error (e.g. an AssumeRole refused
   * while resolving a member's credentials), else {@code SimpleClassName: message} of the outermost non-wrapper.
   */
  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AwsServiceException aws) {
        return AwsErrors.describe(aws);
      }
    }
    Throwable shown = e;
    while (isWrapper(shown) && shown.getCause() != null) {
      shown = shown.getCause();
    }
    return shown.getMessage() == null
        ? shown.getClass().getSimpleName()
        : shown.getClass().getSimpleName() + ": " + shown.getMessage();
  }

  private static boolean isWrapper(Throwable t) {
    return t instanceof CompletionException || t instanceof ExecutionException
        || t instanceof UndeclaredThrowableException || t instanceof InvocationTargetException;
  }
}
