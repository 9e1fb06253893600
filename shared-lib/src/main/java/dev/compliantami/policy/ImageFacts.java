package dev.compliantami.policy;

import java.time.Instant;

/**
 * What is known about the image an instance runs, from DescribeImages / DescribeInstanceImageMetadata.
 *
 * @param exists false when the image is deregistered (or no longer visible to the instance's account)
 * @param ownerId owning account; null when unknown (a deregistered image)
 * @param ownerAlias {@code amazon}, {@code aws-marketplace} or null
 * @param creationDate null when unknown
 * @param deprecationTime null when not deprecated
 * @param publication what the factory says about it (only meaningful for factory-owned images)
 */
public record ImageFacts(
    String imageId,
    boolean exists,
    String ownerId,
    String ownerAlias,
    Instant creationDate,
    Instant deprecationTime,
    Publication publication) {

  public enum Publication {
    /** The current value of a {@code /compliant-ami/latest/*} parameter where the instance runs. */
    CURRENT,
    /** Published earlier (the factory's {@code compliant-ami:gate=passed} tag). */
    PUBLISHED,
    /** Built by the factory but held back by the publishing gate ({@code compliant-ami:gate=failed}). */
    BLOCKED,
    /** Not a published AMI (no factory tag, no parameter), or the factory's tags are not visible. */
    UNKNOWN
  }

  public static ImageFacts missing(String imageId) {
    return new ImageFacts(imageId, false, null, null, null, null, Publication.UNKNOWN);
  }
}
