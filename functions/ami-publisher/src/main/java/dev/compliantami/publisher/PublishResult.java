package dev.compliantami.publisher;

import dev.compliantami.policy.GateCheck;
import java.util.List;

/**
 * The result of one image event: the gate, what was (or, in dry-run, would be) shared, tagged, rolled
 * forward and deprecated.
 *
 * @param published the gate passed and the AMIs were (or would be) shared
 */
public record PublishResult(
    String mode,
    String imageBuildVersionArn,
    String imageStatus,
    String ignoredBecause,
    String baseline,
    boolean published,
    List<GateCheck> gate,
    List<AmiOutcome> amis,
    List<TargetOutcome> rollForward,
    List<String> deprecated,
    String logsLocation,
    boolean eventPublished,
    String notificationMessageId,
    String notificationError) {

  /** One output AMI: who it was shared with and which tags were set (or would be). */
  public record AmiOutcome(String region, String accountId, String imageId, List<String> sharedWith, List<String> tagsSet, String note) {}

  /** The latest-AMI parameter in one boundary account and region. */
  public record TargetOutcome(String accountId, String region, String parameter, String imageId, String action, String detail) {}

  static PublishResult ignored(String mode, String arn, String why) {
    return new PublishResult(mode, arn, null, why, null, false, List.of(), List.of(), List.of(), List.of(), null, false, null, null);
  }

  PublishResult withNotification(String messageId, String error) {
    return new PublishResult(mode, imageBuildVersionArn, imageStatus, ignoredBecause, baseline, published, gate, amis, rollForward,
        deprecated, logsLocation, eventPublished, messageId, error);
  }
}
