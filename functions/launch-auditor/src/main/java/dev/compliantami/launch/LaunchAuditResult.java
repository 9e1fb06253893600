package dev.compliantami.launch;

import java.util.List;

/**
 * One invocation: Lambda's {@code SQSBatchResponse} ({@code batchItemFailures}, the messages to retry) plus what was
 * decided, for logs, tests and the local invoker. Lambda reads only {@code batchItemFailures}.
 *
 * @param launches distinct instances judged (pending and running of one instance in one batch count once)
 * @param ignored messages that are not launches (other states or detail-types, outside the boundary): done, not retried
 * @param failed messages reported in {@code batchItemFailures}, with why
 * @param capped violators the blast-radius caps left for later (only notified)
 */
public record LaunchAuditResult(
    List<BatchItemFailure> batchItemFailures, String mode, String configuredAction, int messages, int launches,
    int compliant, int exempt, int violations, int notFound, int capped, int ignored, List<FailedMessage> failed,
    List<InstanceVerdict> verdicts, int eventsPublished, String notificationMessageId, String notificationError, String ignoredBecause) {

  /** {@code {"itemIdentifier": messageId}}, as Lambda's {@code SQSBatchResponse.BatchItemFailure}. */
  public record BatchItemFailure(String itemIdentifier) {}

  public record FailedMessage(String messageId, String reason) {}

  static LaunchAuditResult ignored(String mode, String action, String why) {
    return new LaunchAuditResult(List.of(), mode, action, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), 0, null, null, why);
  }
}
