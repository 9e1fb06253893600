package dev.compliantami.reaper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.config.EnvReader;
import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.JobInvocation;
import dev.compliantami.events.SnsNotification;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.telemetry.Invocations;
import dev.compliantami.telemetry.SnapStartPriming;
import dev.compliantami.telemetry.Telemetry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import dev.compliantami.policy.ReplacementPlan;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Replaces instances older than the maximum age in every account × region of the boundary. Trigger: the daily
 * schedule ({@code {"job":"instance-reaper",…}}) or a manual run with the same job.
 */
public final class InstanceReaperHandler implements RequestHandler<Map<String, Object>, ReapResult>, SnapStartPriming {
  static final String JOB = "instance-reaper";

  private final ReaperSettings settings;
  private final AwsClients clients;
  private final Lazy<InstanceReaper> reaper;

  public InstanceReaperHandler() {
    this(System.getenv(), Clock.systemUTC());
  }

  InstanceReaperHandler(Map<String, String> env, Clock clock) {
    this.settings = ReaperSettings.from(new EnvReader(env));
    this.clients = new AwsClients(settings.common().region());
    this.reaper = Lazy.of(() -> new InstanceReaper(settings, clients, EventPublisher.of(clients, settings.common()),
        Notifier.of(clients, settings.common()), clock));
    registerForSnapStart();
  }

  @Override
  public ReapResult handleRequest(Map<String, Object> input, Context context) {
    return Telemetry.invoke(context, metrics -> handle(input, metrics));
  }

  private ReapResult handle(Map<String, Object> input, Metrics metrics) {
    ReapResult result = switch (Invocations.parse(input, metrics)) {
      case JobInvocation j when j.job().equals(JOB) -> reaper.get().run(j.scheduled() ? "schedule " + j.invocationId() : "manual " + j.invocationId());
      case JobInvocation j -> ignore(metrics, "job '" + j.job() + "' is not handled by instance-reaper");
      case EventEnvelope e -> ignore(metrics, "detail-type '" + e.detailType() + "' from " + e.source() + " is not handled by instance-reaper");
      case SnsNotification n -> ignore(metrics, "SNS messages are not handled by instance-reaper");
    };
    metrics.addMetric("OverageInstances", result.outcomes().stream().filter(o -> !o.action().equals("exempt")).count(), MetricUnit.COUNT);
    metrics.addMetric("OverageReplaced", result.count("replaced") + result.count("refresh-started"), MetricUnit.COUNT);
    metrics.addMetric("OverageLeftForLater", result.count("left-for-later"), MetricUnit.COUNT);
    metrics.addMetric("ReaperFailures", result.count("failed") + result.failedTargets(), MetricUnit.COUNT);
    return result;
  }

  private ReapResult ignore(Metrics metrics, String why) {
    Invocations.ignored(metrics, why);
    return ReapResult.ignored(settings.common().mode().value(), settings.maxAgeDays(), why);
  }

  @Override
  public void prime() {
    reaper.get();
    clients.get(Ec2Client.class, Ec2Client::builder);
    clients.get(AutoScalingClient.class, AutoScalingClient::builder);
    // the pure path once: age, exemption and plan classes loaded and JIT-warm before the snapshot
    java.time.Instant now = java.time.Instant.now();
    dev.compliantami.policy.InstanceAge age = dev.compliantami.policy.InstanceAge.of(now, now, now, now);
    dev.compliantami.policy.Exemptions.evaluate(Map.of(), java.time.LocalDate.now(java.time.ZoneOffset.UTC), settings.maxExemptionDays());
    ReplacementPlan.decide(List.of(new ReplacementPlan.Candidate("123456789012", settings.common().region(), "i-0", "running", age.days(), null)),
        List.of(), Map.of(), settings.limits());
  }
}
