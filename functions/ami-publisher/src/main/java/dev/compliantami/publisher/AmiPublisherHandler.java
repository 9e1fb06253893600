package dev.compliantami.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.Lazy;
import dev.compliantami.config.EnvReader;
import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.JsonFields;
import dev.compliantami.events.MalformedEventException;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.telemetry.Invocations;
import dev.compliantami.telemetry.SnapStartPriming;
import dev.compliantami.telemetry.Telemetry;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Reacts to {@code EC2 Image Builder Image State Change}: an AVAILABLE image of a managed pipeline is
 * gated, shared, tagged, rolled forward to {@code /compliant-ami/latest/<baseline>} in the boundary and
 * supersedes earlier AMIs; a FAILED one is reported to the security team.
 */
public final class AmiPublisherHandler implements RequestHandler<Map<String, Object>, PublishResult>, SnapStartPriming {
  static final String SOURCE = "aws.imagebuilder";
  static final String DETAIL_TYPE = "EC2 Image Builder Image State Change";
  private static final Pattern BUILD_VERSION_ARN =
      Pattern.compile("arn:aws[a-z-]*:imagebuilder:[a-z0-9-]+:\\d{12}:image/[a-z0-9-_]+/\\d+\\.\\d+\\.\\d+/\\d+");

  private final AmiPublisherSettings settings;
  private final AwsClients clients;
  private final Lazy<AmiPublisher> publisher;

  public AmiPublisherHandler() {
    this(System.getenv());
  }

  AmiPublisherHandler(Map<String, String> env) {
    this.settings = AmiPublisherSettings.from(new EnvReader(env));
    this.clients = new AwsClients(settings.common().region());
    this.publisher = Lazy.of(() -> new AmiPublisher(
        settings,
        clients,
        new ImageReader(clients.get(ImagebuilderClient.class, ImagebuilderClient::builder)),
        new RollForward(settings, clients),
        EventPublisher.of(clients, settings.common()),
        Notifier.of(clients, settings.common())));
    registerForSnapStart();
  }

  @Override
  public PublishResult handleRequest(Map<String, Object> input, Context context) {
    return Telemetry.invoke(context, metrics -> handle(input, metrics));
  }

  private PublishResult handle(Map<String, Object> input, Metrics metrics) {
    String mode = settings.common().mode().value();
    if (!(Invocations.parse(input, metrics) instanceof EventEnvelope e) || !SOURCE.equals(e.source()) || !DETAIL_TYPE.equals(e.detailType())) {
      String why = "only " + DETAIL_TYPE + " events from " + SOURCE + " are handled by ami-publisher";
      Invocations.ignored(metrics, why);
      return PublishResult.ignored(mode, null, why);
    }
    String arn = buildVersionArn(e);
    String status = e.detailFields().object("state").text("status", 32);
    PublishResult result = switch (status) {
      case "AVAILABLE" -> publisher.get().onAvailable(arn);
      case "FAILED" -> publisher.get().onFailed(arn);
      default -> {
        Invocations.ignored(metrics, "image state " + status);
        yield PublishResult.ignored(mode, arn, "image state " + status + " needs no action");
      }
    };
    metrics.addMetric("ImagesPublished", result.published() ? 1 : 0, MetricUnit.COUNT);
    metrics.addMetric("RollForwardFailures", result.rollForward().stream().filter(t -> t.action().equals("FAILED")).count(), MetricUnit.COUNT);
    return result;
  }

  private static String buildVersionArn(EventEnvelope e) {
    if (e.resources().isEmpty()) {
      throw new MalformedEventException("$.resources", "the image build-version ARN", "an empty list");
    }
    String arn = e.resources().get(0);
    if (!BUILD_VERSION_ARN.matcher(arn).matches()) {
      throw new MalformedEventException("$.resources[0]", "an image build-version ARN (…:image/<name>/<x.y.z>/<build>)", "'" + JsonFields.abbreviate(arn) + "'");
    }
    return arn;
  }

  /** SnapStart priming: build the clients and the publisher without any AWS call. */
  @Override
  public void prime() {
    publisher.get();
    clients.get(Ec2Client.class, Ec2Client::builder);
    clients.get(KmsClient.class, KmsClient::builder);
    clients.get(SsmClient.class, SsmClient::builder);
  }

}
