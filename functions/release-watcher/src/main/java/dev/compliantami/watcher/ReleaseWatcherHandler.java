package dev.compliantami.watcher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.config.EnvReader;
import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.InboundEvents;
import dev.compliantami.events.JobInvocation;
import dev.compliantami.events.Json;
import dev.compliantami.events.SnsNotification;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.policy.ComponentState;
import dev.compliantami.policy.ComponentVersionView;
import dev.compliantami.telemetry.Invocations;
import dev.compliantami.telemetry.SnapStartPriming;
import dev.compliantami.telemetry.Telemetry;
import dev.compliantami.watcher.ItemOutcome.Status;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Polls the watched base images and AWS-managed components and emits {@code Base Image Updated} / {@code
 * Hardening Component Released} for what changed. Triggered by the schedule ({@code
 * {"job":"release-poll",…}}), by hand ({@code {"job":"release-poll","requestId":…}}) or by an AWS AMI
 * update SNS message, which only prompts an immediate poll.
 */
public final class ReleaseWatcherHandler implements RequestHandler<Map<String, Object>, WatchResult>, SnapStartPriming {
  static final String JOB = "release-poll";

  private final ReleaseWatcherSettings settings;
  private final AwsClients clients;
  private final Lazy<ReleaseWatcher> watcher;

  public ReleaseWatcherHandler() {
    this(System.getenv());
  }

  ReleaseWatcherHandler(Map<String, String> env) {
    this.settings = ReleaseWatcherSettings.from(new EnvReader(env));
    this.clients = new AwsClients(settings.common().region());
    this.watcher = Lazy.of(() -> new ReleaseWatcher(
        settings,
        clients,
        EventPublisher.of(clients, settings.common()),
        Notifier.of(clients, settings.common())));
    registerForSnapStart();
  }

  /** SnapStart priming: build the clients and run parsing and the pure policy once, without any AWS call. */
  @Override
  public void prime() {
    watcher.get();
    clients.get(SsmClient.class, SsmClient::builder);
    clients.get(Ec2Client.class, Ec2Client::builder);
    clients.get(ImagebuilderClient.class, ImagebuilderClient::builder);
    InboundEvents.parse(Map.of("job", JOB, "executionId", "snapstart-priming"));
    ComponentState.of(List.of(new ComponentVersionView("c", "1.0.0", "arn", "Linux", "ACTIVE"))).encode();
    Json.write(WatchResult.ignored("priming"));
  }


  @Override
  public WatchResult handleRequest(Map<String, Object> input, Context context) {
    return Telemetry.invoke(context, metrics -> handle(input, metrics));
  }

  private WatchResult handle(Map<String, Object> input, Metrics metrics) {
    WatchResult result =
        switch (Invocations.parse(input, metrics)) {
          case JobInvocation j when j.job().equals(JOB) -> watcher.get().run(j.scheduled() ? "schedule" : "manual", j.triggerId(), null);
          case SnsNotification n -> watcher.get().run("sns", n.triggerId(), AmiUpdateMessage.describe(n));
          case JobInvocation j -> ignore(metrics, "job '" + j.job() + "' is not handled by release-watcher");
          case EventEnvelope e -> ignore(metrics, "detail-type '" + e.detailType() + "' is not handled by release-watcher");
        };
    if (result.ignoredBecause() == null) {
      metrics.addMetric("ReleasesFound", result.count(Status.CHANGED), MetricUnit.COUNT);
      metrics.addMetric("ItemsFailed", result.count(Status.ERROR), MetricUnit.COUNT);
      if (!result.items().isEmpty() && result.count(Status.ERROR) == result.items().size()) {
        throw new PollFailedException(result);
      }
    }
    return result;
  }

  private static WatchResult ignore(Metrics metrics, String why) {
    Invocations.ignored(metrics, why);
    return WatchResult.ignored(why);
  }
}
