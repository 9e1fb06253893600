package dev.compliantami.testing;

import java.util.Map;

/**
 * An Image Builder error as the service sends it: an error code (the {@code x-amzn-ErrorType} header) and the
 * HTTP status the SDK's model pairs with it.
 */
final class ImageBuilderError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Error code to HTTP status, copied from the exception metadata that the 2.40.2 {@code DefaultImagebuilderClient}
   * registers (javap). A code with a 429 or 5xx status is retried by the SDK's default retry strategy.
   */
  static final Map<String, Integer> HTTP_STATUS = Map.ofEntries(
      Map.entry("InvalidRequestException", 400),
      Map.entry("ServiceQuotaExceededException", 402),
      Map.entry("ResourceNotFoundException", 404),
      Map.entry("InvalidVersionNumberException", 400),
      Map.entry("ClientException", 400),
      Map.entry("IdempotentParameterMismatchException", 400),
      Map.entry("ForbiddenException", 403),
      Map.entry("ResourceDependencyException", 400),
      Map.entry("ResourceAlreadyExistsException", 400),
      Map.entry("InvalidPaginationTokenException", 400),
      Map.entry("DryRunOperationException", 412),
      Map.entry("InvalidParameterException", 400),
      Map.entry("InvalidParameterValueException", 400),
      Map.entry("ResourceInUseException", 400),
      Map.entry("ServiceException", 500),
      Map.entry("CallRateLimitExceededException", 429),
      Map.entry("AccessDeniedException", 403),
      Map.entry("InvalidParameterCombinationException", 400),
      Map.entry("ServiceUnavailableException", 503),
      Map.entry("TooManyRequestsException", 429));

  /** Not in the SDK model: what a REST endpoint answers for a path it does not serve. */
  static final String UNKNOWN_OPERATION = "UnknownOperationException";

  private final String code;
  private final int httpStatus;

  ImageBuilderError(String code, String message) {
    super(message);
    this.code = code;
    this.httpStatus = code.equals(UNKNOWN_OPERATION) ? 404 : httpStatusOf(code);
  }

  static int httpStatusOf(String code) {
    Integer status = HTTP_STATUS.get(code);
    if (status == null) {
      throw new IllegalArgumentException(
          "Not an Image Builder error code: " + code + " (known: " + HTTP_STATUS.keySet() + ")");
    }
    return status;
  }

  String code() {
    return code;
  }

  int httpStatus() {
    return httpStatus;
  }
}
