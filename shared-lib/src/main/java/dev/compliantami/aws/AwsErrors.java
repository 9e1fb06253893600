package dev.compliantami.aws;

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

  /** {@code code: message}. */
  public static String describe(Throwable e) {
    String message =
        e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null
            ? a.awsErrorDetails().errorMessage()
            : e.getMessage();
    return code(e) + ": " + message;
  }
}
