package dev.compliantami.report;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.AwsErrors;
import dev.compliantami.aws.Lazy;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.events.FleetReportPublished;
import dev.compliantami.events.Json;
import dev.compliantami.fleet.Boundary;
import dev.compliantami.fleet.FanOut;
import dev.compliantami.fleet.MemberClients;
import dev.compliantami.fleet.OrganizationAccounts;
import dev.compliantami.fleet.Target;
import dev.compliantami.fleet.TargetResult;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Reads the boundary, aggregates, writes the three files (dated and latest/), announces the report. */
final class FleetReporter {
  private static final Logger LOG = LoggerFactory.getLogger(FleetReporter.class);

  private final FleetReportSettings settings;
  private final AwsClients central;
  private final Lazy<MemberClients> members;
  private final EventPublisher events;
  private final Notifier notifier;
  private final TargetReader reader = new TargetReader();

  FleetReporter(FleetReportSettings settings, AwsClients central, EventPublisher events, Notifier notifier) {
    this.settings = settings;
    this.central = central;
    this.members = Lazy.of(() -> MemberClients.from(central, settings.centralAccountId(), settings.boundary(), settings.common().functionName()));
    this.events = events;
    this.notifier = notifier;
  }

  ReportResult run(String trigger, String period, Instant asOf) {
    Boundary boundary = Boundary.resolve(settings.boundary(), settings.centralAccountId(), OrganizationAccounts.of(central));
    List<TargetResult<TargetReader.Inventory>> read = FanOut.run(boundary.targets(), settings.boundary().parallelism(), t -> {
      AwsClients c = members.get().clients(t);
      return reader.read(t, c.get(Ec2Client.class, Ec2Client::builder), c.get(SsmClient.class, SsmClient::builder), asOf);
    });
    List<FleetAggregation.TargetRows> targets = new ArrayList<>(read.size());
    for (TargetResult<TargetReader.Inventory> r : read) {
      switch (r) {
        case TargetResult.Done<TargetReader.Inventory> d ->
            targets.add(new FleetAggregation.TargetRows(d.target().accountId(), d.target().region(), d.value().rows(), null));
        case TargetResult.Failed<TargetReader.Inventory> f -> {
          LOG.warn("account/region unreadable", entry("target", f.target().label()), entry("reason", f.reason()));
          targets.add(new FleetAggregation.TargetRows(f.target().accountId(), f.target().region(), List.of(), f.reason()));
        }
      }
    }
    JudgedRow.Judge judge = new JudgedRow.Judge(settings.approval(), settings.maxInstanceAgeDays(), settings.warnDaysBefore(), asOf,
        factoryGates(targets));
    LocalDate date = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    FleetReport report = FleetAggregation.aggregate(targets, judge, new FleetAggregation.Context(Instant.now(), date, period,
        settings.common().mode().value(), boundary.accountIds(), boundary.regions()));

    String dated = String.format("reports/%04d/%02d/%02d/%s/", date.getYear(), date.getMonthValue(), date.getDayOfMonth(), period);
    String latest = "reports/latest/" + period + "/";
    List<String> locations = new ArrayList<>();
    for (String prefix : List.of(dated, latest)) {
      for (String file : List.of("report.html", "report.json", "inventory.csv")) {
        locations.add("s3://" + settings.reportBucket() + "/" + prefix + file);
      }
    }
    write(report, targets, judge, dated, latest, locations);
    String reportUri = "s3://" + settings.reportBucket() + "/" + dated + "report.json";
    LOG.info("fleet report written", entry("reportUri", reportUri), entry("totals", report.totals()));

    EventPublisher.PublishResult published = events.publish(
        List.of(new FleetReportPublished(CustomDetail.SCHEMA_VERSION, reportUri, report.generatedAt(), report.totals().asCounts())),
        d -> List.of());
    Notifier.Delivery delivery = notifier.tryPublish(ReportNotification.of(report, locations, settings.boundary().memberRoleName()));
    List<String> unreadable = report.targets().stream().filter(s -> s.error() != null)
        .map(s -> s.accountId() + "/" + s.region() + ": " + s.error()).toList();
    return new ReportResult(settings.common().mode().value(), trigger, null, period, date.toString(), report.totals(), report.worstAccounts(),
        unreadable, locations, reportUri, published.published(), delivery.messageId(), delivery.error());
  }

  /**
   * The factory's {@code compliant-ami:gate} tag of factory images seen from member accounts (tags of shared images
   * are visible only to their owner): batched DescribeImages in the factory account, when it is this account.
   */
  private Map<String, String> factoryGates(List<FleetAggregation.TargetRows> targets) {
    String factory = settings.approval().factoryAccountId();
    if (!factory.equals(settings.centralAccountId())) {
      return Map.of();
    }
    Map<String, Set<String>> byRegion = new TreeMap<>();
    for (FleetAggregation.TargetRows t : targets) {
      for (InstanceRow r : t.rows()) {
        if (factory.equals(r.image().ownerId()) && r.image().gate() == null && r.image().exists()) {
          byRegion.computeIfAbsent(t.region(), k -> new LinkedHashSet<>()).add(r.image().imageId());
        }
      }
    }
    Map<String, String> gates = new HashMap<>();
    byRegion.forEach((region, ids) -> {
      try {
        Ec2Client ec2 = members.get().clients(new Target(factory, region)).get(Ec2Client.class, Ec2Client::builder);
        List<String> all = List.copyOf(ids);
        for (int start = 0; start < all.size(); start += TargetReader.IMAGE_BATCH) {
          List<String> batch = all.subList(start, Math.min(all.size(), start + TargetReader.IMAGE_BATCH));
          for (Image i : ec2.describeImagesPaginator(r -> r.owners("self").includeDeprecated(true)
              .filters(f -> f.name("image-id").values(batch))).images()) {
            i.tags().stream().filter(tag -> tag.key().equals(TargetReader.GATE_TAG)).map(Tag::value).findFirst()
                .ifPresent(g -> gates.put(i.imageId(), g));
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("factory gate tags unreadable; those images count as unpublished", entry("region", region), entry("reason", AwsErrors.describe(e)));
      }
    });
    return gates;
  }

  private void write(FleetReport report, List<FleetAggregation.TargetRows> targets, JudgedRow.Judge judge, String dated, String latest,
      List<String> locations) {
    S3Client s3 = central.get(S3Client.class, S3Client::builder);
    Path dir = null;
    try {
      dir = Files.createTempDirectory("fleet-report");
      Path csv = dir.resolve("inventory.csv");
      try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
        InventoryCsv.header(out);
        for (FleetAggregation.TargetRows t : targets) {
          for (InstanceRow row : t.rows()) {
            InventoryCsv.row(out, judge.judge(row));
          }
        }
      }
      Path json = dir.resolve("report.json");
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
      Path html = dir.resolve("report.html");
      Files.writeString(html, ReportHtml.render(report, locations), StandardCharsets.UTF_8);
      for (String prefix : List.of(dated, latest)) {
        put(s3, prefix + "report.html", html, "text/html; charset=utf-8");
        put(s3, prefix + "report.json", json, "application/json");
        put(s3, prefix + "inventory.csv", csv, "text/csv; charset=utf-8");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report files failed", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private void put(S3Client s3, String key, Path file, String contentType) {
    s3.putObject(r -> r.bucket(settings.reportBucket()).key(key).contentType(contentType), RequestBody.fromFile(file));
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // /tmp is the sandbox's; a leftover file cannot affect the report
    }
  }
}
