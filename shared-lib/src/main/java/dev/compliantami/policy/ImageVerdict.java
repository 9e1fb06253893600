package dev.compliantami.policy;

import java.util.List;

/**
 * The verdict on the image an instance runs, with reasons as stable codes.
 *
 * @param reasons what is wrong with the image (empty when compliant); kept even when exempt
 * @param exemption the instance's exemption as read from its tags; a broken one is also a reason
 */
public record ImageVerdict(Outcome outcome, List<Reason> reasons, Exemption exemption) {

  public enum Outcome {
    COMPLIANT,
    /** Violations, but a valid exemption covers them. */
    EXEMPT,
    VIOLATION
  }

  public enum Reason {
    /** The image no longer exists (deregistered) — nobody can rebuild this instance from it. */
    IMAGE_DEREGISTERED,
    /** Owned by the instance's own account: Allowed AMIs never restricts those. */
    OWN_ACCOUNT_IMAGE,
    /** Owned by neither the factory nor an approved provider (marketplace, vendor, another account). */
    PROVIDER_NOT_APPROVED,
    /** From the factory but never published (a test build, or one the publishing gate held back). */
    NOT_PUBLISHED,
    /** Deprecated longer ago than the allowed window (superseded by a newer compliant AMI). */
    IMAGE_DEPRECATED,
    /** Created longer ago than the maximum image age. */
    IMAGE_TOO_OLD;

    public String code() {
      return name();
    }
  }

  public boolean compliant() {
    return outcome == Outcome.COMPLIANT;
  }

  public boolean violation() {
    return outcome == Outcome.VIOLATION;
  }

  /** Reason codes for events and tags, a broken exemption's code last. */
  public List<String> codes() {
    var codes = new java.util.ArrayList<String>();
    reasons.forEach(r -> codes.add(r.code()));
    if (exemption instanceof Exemption.Broken b) {
      codes.add(b.problem().code());
    }
    return List.copyOf(codes);
  }
}
