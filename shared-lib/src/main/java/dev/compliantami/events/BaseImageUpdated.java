package dev.compliantami.events;

import java.time.Instant;
import java.util.regex.Pattern;

/** release-watcher: a watched base image has a new AMI in a region. */
public record BaseImageUpdated(
    int schemaVersion,
    String baseImage,
    String region,
    String previousImageId,
    String imageId,
    String imageName,
    Instant creationDate,
    String source)
    implements CustomDetail {
  public static final String DETAIL_TYPE = "Base Image Updated";
  private static final Pattern AMI = Pattern.compile("ami-[0-9a-f]{8,17}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
  private static final Pattern SOURCE_KIND = Pattern.compile("ssm-parameter|describe-images|sns");

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }

  public static BaseImageUpdated parse(JsonFields d) {
    d.requireInteger("schemaVersion", SCHEMA_VERSION);
    return new BaseImageUpdated(
        SCHEMA_VERSION,
        d.text("baseImage", 512),
        d.text("region", REGION, "an AWS region name"),
        d.optionalText("previousImageId", AMI, "an AMI id (ami-…) or null"),
        d.text("imageId", AMI, "an AMI id (ami-…)"),
        d.text("imageName", 256),
        d.instant("creationDate"),
        d.text("source", SOURCE_KIND, "one of ssm-parameter, describe-images, sns"));
  }
}
