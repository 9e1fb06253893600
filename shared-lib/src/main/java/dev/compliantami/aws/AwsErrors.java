package dev.compliantami.aws;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** AWS failures as short text for results, logs and notifications. */
public final class AwsErrors {
  private AwsErrors() {}

  /** The AWS error code (e.g. {@code ThrottlingException}), else the exception's class name. */
  public static String code(Throwable e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }

  /**
   * {@code code: message} of the AWS error in {@code e} or any of its causes (e.g. an AssumeRole refused
   * while resolving a member's credentials), else {@code SimpleClassName: message} of the outermost
   * exception that is not a mere wrapper.
   */
  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AwsServiceException a) {
        String message = a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null
            ? a.awsErrorDetails().errorMessage() : a.getMessage();
        return code(a) + ": " + message;
      }
    }
    Throwable shown = e;
    while (isWrapper(shown) && shown.getCause() != null) {
      shown = shown.getCause();
    }
    return shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getClass().getSimpleName() + ": " + shown.getMessage();
  }

  private static boolean isWrapper(Throwable t) {
    return t instanceof CompletionException || t instanceof ExecutionException
        || t instanceof UndeclaredThrowableException || t instanceof InvocationTargetException;
  }
}
