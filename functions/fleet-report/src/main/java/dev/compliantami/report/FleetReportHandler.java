package dev.compliantami.report;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.config.EnvReader;
import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.JobInvocation;
import dev.compliantami.events.Json;
import dev.compliantami.events.JsonFields;
import dev.compliantami.events.SnsNotification;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.telemetry.Invocations;
import dev.compliantami.telemetry.SnapStartPriming;
import dev.compliantami.telemetry.Telemetry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Inventory and compliance evidence of the whole boundary. Triggers: the weekly and the monthly schedule
 * ({@code {"job":"fleet-report","period":"weekly"|"monthly",…}}) and manual runs ({@code requestId}, any
 * {@code scheduledTime} as the report's date). Read-only towards the fleet: it writes the report in every mode.
 */
public final class FleetReportHandler implements RequestHandler<Map<String, Object>, ReportResult>, SnapStartPriming {
  static final String JOB = "fleet-report";
  private static final Pattern PERIOD = Pattern.compile("weekly|monthly|adhoc");

  private final FleetReportSettings settings;
  private final AwsClients clients;
  private final Lazy<FleetReporter> reporter;

  public FleetReportHandler() {
    this(System.getenv());
  }

  FleetReportHandler(Map<String, String> env) {
    this.settings = FleetReportSettings.from(new EnvReader(env));
    this.clients = new AwsClients(settings.common().region());
    this.reporter = Lazy.of(() -> new FleetReporter(settings, clients, EventPublisher.of(clients, settings.common()),
        Notifier.of(clients, settings.common())));
    registerForSnapStart();
  }

  @Override
  public ReportResult handleRequest(Map<String, Object> input, Context context) {
    return Telemetry.invoke(context, metrics -> handle(input, metrics));
  }

  private ReportResult handle(Map<String, Object> input, Metrics metrics) {
    ReportResult result = switch (Invocations.parse(input, metrics)) {
      case JobInvocation j when j.job().equals(JOB) -> {
        String period = period(input, j);
        Instant asOf = j.scheduledTime() != null ? j.scheduledTime() : Instant.now();
        yield reporter.get().run(j.scheduled() ? "schedule" : "manual " + j.invocationId(), period, asOf);
      }
      case JobInvocation j -> ignore(metrics, "job '" + j.job() + "' is not handled by fleet-report");
      case EventEnvelope e -> ignore(metrics, "detail-type '" + e.detailType() + "' from " + e.source() + " is not handled by fleet-report");
      case SnsNotification n -> ignore(metrics, "SNS messages are not handled by fleet-report");
    };
    if (result.totals() != null) {
      metrics.addMetric("FleetInstances", result.totals().instances(), MetricUnit.COUNT);
      metrics.addMetric("FleetViolations", result.totals().violations(), MetricUnit.COUNT);
      metrics.addMetric("FleetUnreadableTargets", result.totals().unreadableTargets(), MetricUnit.COUNT);
    }
    return result;
  }

  /** {@code period}: weekly or monthly (the schedules), adhoc when a manual run names none. */
  private static String period(Map<String, Object> input, JobInvocation j) {
    String period = JsonFields.object(Json.MAPPER.valueToTree(input), "$").optionalText("period", PERIOD, "weekly, monthly or adhoc");
    if (period == null && j.scheduled()) {
      throw new dev.compliantami.events.MalformedEventException("$.period", "weekly or monthly (the schedule's Input)", "nothing");
    }
    return period == null ? "adhoc" : period;
  }

  private ReportResult ignore(Metrics metrics, String why) {
    Invocations.ignored(metrics, why);
    return ReportResult.ignored(settings.common().mode().value(), why);
  }

  @Override
  public void prime() {
    reporter.get();
    clients.get(Ec2Client.class, Ec2Client::builder);
    clients.get(SsmClient.class, SsmClient::builder);
    clients.get(S3Client.class, S3Client::builder);
    // The pure path once: judging, aggregation and rendering of an empty fleet and of one synthetic row.
    Instant now = Instant.now();
    JudgedRow.Judge judge = new JudgedRow.Judge(settings.approval(), settings.maxInstanceAgeDays(), settings.warnDaysBefore(), now, Map.of());
    ImageInfo image = new ImageInfo("ami-00000000000000000", true, "al2023-ami-2023.6", settings.centralAccountId(), null, now, null,
        "Linux/UNIX", "passed", "describe-images");
    InstanceRow row = new InstanceRow(settings.centralAccountId(), settings.common().region(), "i-00000000000000000", "prime", "running",
        null, now, now, "launch-time", "t3.micro", "Linux/UNIX", null, null, true, false, false, image);
    FleetReport report = FleetAggregation.aggregate(
        List.of(new FleetAggregation.TargetRows(settings.centralAccountId(), settings.common().region(), List.of(row), null)), judge,
        new FleetAggregation.Context(now, LocalDate.now(), "adhoc", settings.common().mode().value(), List.of(), List.of()));
    ReportHtml.render(report, List.of());
    Json.write(report);
    judge.publication(row);
  }
}
