package dev.compliantami.report;

import java.time.Instant;

/**
 * What one account/region could learn about an image, shared by every row that runs it (one object per distinct
 * image, so 100,000 rows over 2,000 images hold 2,000 of these).
 *
 * @param exists false when the image is deregistered (or its metadata is unavailable)
 * @param gate the factory's {@code compliant-ami:gate} tag when visible ({@code passed}/{@code failed}), else null
 * @param source {@code describe-images}, {@code instance-image-metadata} or {@code unavailable}
 */
record ImageInfo(
    String imageId, boolean exists, String name, String ownerId, String ownerAlias, Instant creationDate,
    Instant deprecationTime, String platformDetails, String gate, String source) {

  static ImageInfo missing(String imageId) {
    return new ImageInfo(imageId, false, null, null, null, null, null, null, null, "unavailable");
  }

  ImageInfo withGate(String value) {
    return new ImageInfo(imageId, exists, name, ownerId, ownerAlias, creationDate, deprecationTime, platformDetails, value, source);
  }
}
