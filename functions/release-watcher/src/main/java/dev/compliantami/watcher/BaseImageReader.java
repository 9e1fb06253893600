package dev.compliantami.watcher;

import dev.compliantami.config.WatchedBaseImage.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Reads the current AMI of a watched base image in one region. */
final class BaseImageReader {
  private static final Pattern AMI = Pattern.compile("ami-[0-9a-f]{8,17}");

  record CurrentImage(String imageId, String imageName, Instant creationDate, String sourceKind) {}

  private final SsmClient ssm;
  private final Ec2Client ec2;

  BaseImageReader(SsmClient ssm, Ec2Client ec2) {
    this.ssm = ssm;
    this.ec2 = ec2;
  }

  CurrentImage read(Source source) {
    return switch (source) {
      case Source.SsmParameter p -> fromParameter(p.path());
      case Source.ImageQuery q -> newest(q);
    };
  }

  private CurrentImage fromParameter(String path) {
    String value = ssm.getParameter(r -> r.name(path)).parameter().value();
    if (value == null || !AMI.matcher(value).matches()) {
      throw new IllegalStateException("parameter " + path + " does not hold an AMI id (value '" + abbreviate(value) + "')");
    }
    List<Image> images = ec2.describeImages(r -> r.imageIds(value)).images();
    if (images.isEmpty()) {
      throw new IllegalStateException("AMI " + value + " named by " + path + " is not visible to this account");
    }
    return current(images.get(0), "ssm-parameter");
  }

  /** Newest available, non-deprecated image of the query (DescribeImages excludes deprecated ones by default). */
  private CurrentImage newest(Source.ImageQuery q) {
    List<Filter> filters = new ArrayList<>();
    filters.add(Filter.builder().name("name").values(q.namePattern()).build());
    filters.add(Filter.builder().name("state").values("available").build());
    if (q.architecture() != null) {
      filters.add(Filter.builder().name("architecture").values(q.architecture()).build());
    }
    return ec2.describeImagesPaginator(r -> r.owners(q.owner()).filters(filters)).images().stream()
        .filter(i -> i.creationDate() != null)
        // ties (same second) go to the later name, e.g. RHEL-9.5… over RHEL-9.4…
        .max(Comparator.comparing(Image::creationDate).thenComparing(Image::name, Comparator.nullsFirst(Comparator.naturalOrder())))
        .map(i -> current(i, "describe-images"))
        .orElseThrow(() -> new IllegalStateException("no available image matches " + q));
  }

  private static CurrentImage current(Image i, String kind) {
    return new CurrentImage(i.imageId(), i.name(), i.creationDate() == null ? null : Instant.parse(i.creationDate()), kind);
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
