package dev.compliantami.policy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Which earlier AMIs of a baseline a newly published image supersedes and should be deprecated. */
public final class Supersession {
  private Supersession() {}

  /**
   * @param deprecationTime null when not deprecated
   * @param supersededBy the image that already superseded it ({@code compliant-ami:superseded-by}), or null
   */
  public record BaselineAmi(String imageId, Instant creationDate, Instant deprecationTime, String supersededBy) {}

  /**
   * A later AMI of the same baseline that is live (not deprecated, not superseded) — when there is one,
   * the image at hand arrived late (a retried or replayed event, or a second pipeline) and must neither
   * roll "latest" back nor deprecate what came after it.
   */
  public static java.util.Optional<BaselineAmi> newerLive(List<BaselineAmi> sameBaseline, Set<String> newImageIds, Instant created, Instant now) {
    return sameBaseline.stream()
        .filter(a -> !newImageIds.contains(a.imageId()))
        .filter(a -> a.creationDate() != null && a.creationDate().isAfter(created))
        .filter(a -> a.supersededBy() == null && (a.deprecationTime() == null || a.deprecationTime().isAfter(now)))
        .findFirst();
  }

  /**
   * Earlier AMIs of the same baseline (not the new ones), not yet superseded and not already deprecated at
   * or before {@code deprecateAt} — so a redelivery deprecates nothing twice and never postpones an
   * earlier date.
   */
  public static List<BaselineAmi> toDeprecate(List<BaselineAmi> sameBaseline, Set<String> newImageIds, Instant newest, Instant deprecateAt) {
    return sameBaseline.stream()
        .filter(a -> !newImageIds.contains(a.imageId()))
        .filter(a -> a.supersededBy() == null)
        .filter(a -> a.creationDate() == null || !a.creationDate().isAfter(newest))
        .filter(a -> a.deprecationTime() == null || a.deprecationTime().isAfter(deprecateAt))
        .toList();
  }
}
