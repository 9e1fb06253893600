package dev.compliantami.allowedamis;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.config.EnvReader;
import dev.compliantami.events.CompliantAmiPublished;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.JobInvocation;
import dev.compliantami.events.JsonFields;
import dev.compliantami.events.SnsNotification;
import dev.compliantami.fleet.MemberClients;
import dev.compliantami.fleet.Target;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.telemetry.Invocations;
import dev.compliantami.telemetry.SnapStartPriming;
import dev.compliantami.telemetry.Telemetry;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Keeps EC2 Allowed AMIs at the desired setting in every account × region of the boundary. Triggers: the
 * daily schedule ({@code {"job":"allowed-amis-reconcile",…}}), {@code Compliant AMI Published}, and the
 * CloudTrail calls that change the setting (repairs just that account and region).
 */
public final class AllowedAmisEnforcerHandler implements RequestHandler<Map<String, Object>, ReconcileResult>, SnapStartPriming {
  static final String JOB = "allowed-amis-reconcile";
  static final Set<String> SETTING_CALLS =
      Set.of("EnableAllowedImagesSettings", "DisableAllowedImagesSettings", "ReplaceImageCriteriaInAllowedImagesSettings");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");

  private final AllowedAmisSettings settings;
  private final AwsClients clients;
  private final Lazy<AllowedAmisEnforcer> enforcer;

  public AllowedAmisEnforcerHandler() {
    this(System.getenv());
  }

  AllowedAmisEnforcerHandler(Map<String, String> env) {
    this.settings = AllowedAmisSettings.from(new EnvReader(env));
    this.clients = new AwsClients(settings.common().region());
    this.enforcer = Lazy.of(() -> new AllowedAmisEnforcer(settings, clients, EventPublisher.of(clients, settings.common()), Notifier.of(clients, settings.common())));
    registerForSnapStart();
  }

  @Override
  public ReconcileResult handleRequest(Map<String, Object> input, Context context) {
    return Telemetry.invoke(context, metrics -> handle(input, metrics));
  }

  private ReconcileResult handle(Map<String, Object> input, Metrics metrics) {
    ReconcileResult result = switch (Invocations.parse(input, metrics)) {
      case JobInvocation j when j.job().equals(JOB) -> enforcer.get().run(j.scheduled() ? "schedule" : "manual", t -> true);
      case EventEnvelope e when CustomDetail.SOURCE.equals(e.source()) && CompliantAmiPublished.DETAIL_TYPE.equals(e.detailType()) ->
          enforcer.get().run("compliant-ami-published", t -> true);
      case EventEnvelope e when "aws.ec2".equals(e.source()) && "AWS API Call via CloudTrail".equals(e.detailType()) -> settingChanged(e, metrics);
      case EventEnvelope e -> ignore(metrics, "detail-type '" + e.detailType() + "' from " + e.source() + " is not handled by allowed-amis-enforcer");
      case JobInvocation j -> ignore(metrics, "job '" + j.job() + "' is not handled by allowed-amis-enforcer");
      case SnsNotification n -> ignore(metrics, "SNS messages are not handled by allowed-amis-enforcer");
    };
    metrics.addMetric("AllowedAmisDrift", result.targets().stream().filter(TargetOutcome::driftFound).count(), MetricUnit.COUNT);
    metrics.addMetric("AllowedAmisRepaired", result.count("CHANGED"), MetricUnit.COUNT);
    metrics.addMetric("AllowedAmisFailures", result.count("FAILED") + result.count("VERIFY_FAILED"), MetricUnit.COUNT);
    return result;
  }

  /** A CloudTrail record of a call that changes the setting: repair that account and region only. */
  private ReconcileResult settingChanged(EventEnvelope e, Metrics metrics) {
    JsonFields d = e.detailFields();
    String source = d.text("eventSource", 128);
    String call = d.text("eventName", 128);
    if (!source.equals("ec2.amazonaws.com") || !SETTING_CALLS.contains(call)) {
      return ignore(metrics, "CloudTrail call " + source + " " + call + " does not change Allowed AMIs");
    }
    if (d.has("errorCode")) {
      return ignore(metrics, "the " + call + " call failed (" + d.text("errorCode", 128) + "): nothing changed");
    }
    String account = d.optionalText("recipientAccountId", ACCOUNT, "a 12-digit account id");
    Target target = new Target(account != null ? account : e.account(), d.text("awsRegion", REGION, "an AWS region name"));
    String ownSession = MemberClients.sessionName(settings.common().functionName());
    if (d.has("userIdentity") && d.object("userIdentity").optionalText("arn") != null
        && d.object("userIdentity").optionalText("arn").endsWith("/" + ownSession)) {
      return ignore(metrics, "the change was this function's own repair");
    }
    if (!enforcer.get().boundary().contains(target)) {
      return ignore(metrics, target.label() + " is outside the boundary");
    }
    return enforcer.get().run("cloudtrail " + call + " in " + target.label(), target::equals);
  }

  private ReconcileResult ignore(Metrics metrics, String why) {
    Invocations.ignored(metrics, why);
    return ReconcileResult.ignored(settings.common().mode().value(), why);
  }

  @Override
  public void prime() {
    enforcer.get();
    clients.get(Ec2Client.class, Ec2Client::builder);
  }
}
