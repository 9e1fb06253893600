package dev.compliantami.launch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.config.EnvReader;
import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.JobInvocation;
import dev.compliantami.events.SnsNotification;
import dev.compliantami.events.SqsBatch;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.policy.ApprovalPolicy;
import dev.compliantami.policy.ImageApproval;
import dev.compliantami.policy.ImageFacts;
import dev.compliantami.policy.LaunchAction;
import dev.compliantami.telemetry.Invocations;
import dev.compliantami.telemetry.SnapStartPriming;
import dev.compliantami.telemetry.Telemetry;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * A verdict on every instance launched in the boundary. Trigger: an SQS queue fed by EventBridge rules for {@code EC2
 * Instance State-change Notification} (pending, running) on the default bus and the suite's bus; the result's {@code
 * batchItemFailures} is Lambda's partial batch response ({@code ReportBatchItemFailures}).
 */
public final class LaunchAuditorHandler implements RequestHandler<Map<String, Object>, LaunchAuditResult>, SnapStartPriming {
  private static final Logger LOG = LoggerFactory.getLogger(LaunchAuditorHandler.class);
  private final LaunchAuditorSettings settings;
  private final AwsClients clients;
  private final Lazy<LaunchAuditor> auditor;

  public LaunchAuditorHandler() {
    this(System.getenv());
  }

  LaunchAuditorHandler(Map<String, String> env) {
    this.settings = LaunchAuditorSettings.from(new EnvReader(env));
    this.clients = new AwsClients(settings.common().region());
    this.auditor = Lazy.of(() -> new LaunchAuditor(settings, clients, EventPublisher.of(clients, settings.common()),
        Notifier.of(clients, settings.common()), Instant::now));
    registerForSnapStart();
  }

  @Override
  public LaunchAuditResult handleRequest(Map<String, Object> input, Context context) {
    return Telemetry.invoke(context, metrics -> handle(input, metrics));
  }

  private LaunchAuditResult handle(Map<String, Object> input, Metrics metrics) {
    if (!SqsBatch.looksLikeSqs(input)) {
      String why = switch (Invocations.parse(input, metrics)) {
        case EventEnvelope e -> "launch-auditor reads EventBridge events from its SQS queue, not directly (detail-type '" + e.detailType() + "')";
        case JobInvocation j -> "job '" + j.job() + "' is not handled by launch-auditor";
        case SnsNotification n -> "SNS messages are not handled by launch-auditor";
      };
      Invocations.ignored(metrics, why);
      return LaunchAuditResult.ignored(settings.common().mode().value(), settings.action().value(), why);
    }
    SqsBatch batch;
    try {
      batch = SqsBatch.parse(input);
    } catch (dev.compliantami.events.MalformedEventException e) {
      metrics.addMetric("MalformedEvents", 1, MetricUnit.COUNT);
      LOG.error("rejected malformed SQS batch; nothing was changed", entry("path", e.path()), entry("detail", e.getMessage()));
      throw e;
    }
    LaunchAuditResult r = auditor.get().audit(batch);
    metrics.addMetric("LaunchesAudited", r.launches(), MetricUnit.COUNT);
    metrics.addMetric("LaunchViolations", r.violations(), MetricUnit.COUNT);
    metrics.addMetric("LaunchesExempt", r.exempt(), MetricUnit.COUNT);
    metrics.addMetric("BatchItemFailures", r.batchItemFailures().size(), MetricUnit.COUNT);
    metrics.addMetric("MalformedMessages", r.failed().stream().filter(DigestNotification::malformed).count(), MetricUnit.COUNT);
    metrics.addMetric("LaunchesCapped", r.capped(), MetricUnit.COUNT);
    return r;
  }

  @Override
  public void prime() {
    auditor.get();
    clients.get(Ec2Client.class, Ec2Client::builder);
    clients.get(SsmClient.class, SsmClient::builder);
    clients.get(AutoScalingClient.class, AutoScalingClient::builder);
    // the pure path once: verdict and decision classes loaded and JIT-warm before the snapshot
    ApprovalPolicy p = settings.policy();
    var v = ImageApproval.judge(new ImageFacts("ami-0", true, p.factoryAccountId(), null, Instant.now(), null, ImageFacts.Publication.CURRENT),
        p.factoryAccountId(), Map.of(), p, Instant.now());
    LaunchAction.decide(v, settings.action(), true, new LaunchAction.Instance("running", null, false, false, false, null));
  }
}
