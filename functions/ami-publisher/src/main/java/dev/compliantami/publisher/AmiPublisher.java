package dev.compliantami.publisher;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.AwsErrors;
import dev.compliantami.events.CompliantAmiPublished;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.policy.GateCheck;
import dev.compliantami.policy.ManagedTags;
import dev.compliantami.policy.PublishGate;
import dev.compliantami.policy.Supersession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;

/** Gate → share → tag → roll forward → deprecate → announce, for one AVAILABLE image. */
final class AmiPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(AmiPublisher.class);

  private final AmiPublisherSettings settings;
  private final AwsClients clients;
  private final ImageReader images;
  private final RollForward rollForward;
  private final EventPublisher events;
  private final Notifier notifier;

  AmiPublisher(AmiPublisherSettings settings, AwsClients clients, ImageReader images, RollForward rollForward, EventPublisher events, Notifier notifier) {
    this.settings = settings;
    this.clients = clients;
    this.images = images;
    this.rollForward = rollForward;
    this.events = events;
    this.notifier = notifier;
  }

  PublishResult onAvailable(String buildVersionArn) {
    BuiltImage image = images.image(buildVersionArn);
    String mode = settings.common().mode().value();
    if (!image.managed()) {
      return PublishResult.ignored(mode, buildVersionArn, "image " + image.name() + " is not from a pipeline or recipe tagged compliant-ami:managed=true");
    }
    Map<String, Integer> findings = image.scanningEnabled() ? images.findings(buildVersionArn) : Map.of();

    Map<String, RegionalAmis.Found> found = new LinkedHashMap<>();
    List<PublishResult.AmiOutcome> foreign = new ArrayList<>();
    for (BuiltImage.OutputAmi ami : image.amis()) {
      if (ami.accountId() != null && !ami.accountId().equals(settings.centralAccountId())) {
        foreign.add(new PublishResult.AmiOutcome(ami.region(), ami.accountId(), ami.imageId(), List.of(), List.of(),
            "distributed to another account by Image Builder: not shared or tagged from here"));
        continue;
      }
      found.put(ami.imageId(), regional(ami.region()).inspect(ami.imageId(), settings.organizationId()));
    }
    List<GateCheck> gate = new ArrayList<>();
    gate.add(image.baselineValid()
        ? GateCheck.pass("baseline-valid", "baseline " + image.baseline())
        : GateCheck.fail("baseline-valid", "baseline '" + image.baseline() + "' is not 1-128 of A-Z a-z 0-9 _ . - (tag " + ManagedTags.BASELINE + ")"));
    gate.addAll(PublishGate.evaluate(
        new PublishGate.ImageFacts(image.status(), image.testsEnabled(), image.scanningEnabled(), image.scanStatus(), findings,
            settings.maxCritical(), settings.maxHigh()),
        found.values().stream().map(RegionalAmis.Found::facts).toList()));
    gate.forEach(c -> LOG.info("gate check", entry("check", c), entry("image", buildVersionArn)));

    PublishResult result = GateCheck.allPassed(gate) ? publish(image, gate, found, foreign) : block(image, gate, found, foreign);
    Notifier.Delivery d = notifier.tryPublish(PublishNotification.of(result, image, settings));
    return result.withNotification(d.messageId(), d.error());
  }

  PublishResult onFailed(String buildVersionArn) {
    BuiltImage image = images.image(buildVersionArn);
    String mode = settings.common().mode().value();
    if (!image.managed()) {
      return PublishResult.ignored(mode, buildVersionArn, "image " + image.name() + " is not managed by compliant-ami");
    }
    Notifier.Delivery d = notifier.tryPublish(PublishNotification.buildFailed(image, settings));
    return new PublishResult(mode, buildVersionArn, image.status(), null, image.baseline(), false, List.of(), List.of(), List.of(), List.of(),
        image.logsLocation(), false, d.messageId(), d.error());
  }

  private PublishResult publish(BuiltImage image, List<GateCheck> gate, Map<String, RegionalAmis.Found> found, List<PublishResult.AmiOutcome> foreign) {
    Map<String, String> tags = amiTags(image);
    Instant now = Instant.now();
    Instant deprecateAt = now.plus(settings.deprecateAfterDays(), ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    Set<String> newIds = found.keySet();
    List<PublishResult.AmiOutcome> amis = new ArrayList<>();
    Map<String, String> amiByRegion = new LinkedHashMap<>();
    Map<String, String> notRolled = new LinkedHashMap<>(); // region -> why its AMI is not rolled forward
    List<String> deprecated = new ArrayList<>();
    for (BuiltImage.OutputAmi ami : image.amis()) {
      RegionalAmis.Found f = found.get(ami.imageId());
      if (f == null) {
        continue;
      }
      try {
        RegionalAmis region = regional(ami.region());
        List<String> shared = region.share(ami.imageId(), settings.organizationArns(), settings.ouArns());
        List<String> tagged = region.tag(f, tags);
        List<Supersession.BaselineAmi> same = region.baselineAmis(image.baseline());
        Instant created = f.created() != null ? f.created() : now;
        Optional<Supersession.BaselineAmi> newer = Supersession.newerLive(same, newIds, created, now);
        String note = null;
        if (newer.isPresent()) {
          note = "a newer build of " + image.baseline() + " (" + newer.get().imageId() + ") is live here: not rolled forward, nothing deprecated";
          notRolled.put(ami.region(), note);
        } else {
          amiByRegion.put(ami.region(), ami.imageId());
          deprecated.addAll(region.deprecateSuperseded(same, image.arn(), newIds, created, deprecateAt));
        }
        amis.add(new PublishResult.AmiOutcome(ami.region(), settings.centralAccountId(), ami.imageId(), shared, tagged, note));
      } catch (RuntimeException e) {
        LOG.error("publishing an AMI failed", entry("imageId", ami.imageId()), entry("region", ami.region()), entry("detail", AwsErrors.describe(e)));
        amis.add(new PublishResult.AmiOutcome(ami.region(), settings.centralAccountId(), ami.imageId(), List.of(), List.of(),
            "FAILED: " + AwsErrors.describe(e) + " — a redelivery of the image event completes what is missing"));
        notRolled.put(ami.region(), "publishing " + ami.imageId() + " in " + ami.region() + " failed (" + AwsErrors.describe(e)
            + "): not rolled forward until a redelivery completes it");
      }
    }
    amis.addAll(foreign);

    List<PublishResult.TargetOutcome> rolled = rollForward.publish(image.baseline(), amiByRegion, notRolled);

    CompliantAmiPublished detail = new CompliantAmiPublished(
        CustomDetail.SCHEMA_VERSION, image.arn(), image.pipelineArn(),
        amiByRegion.entrySet().stream().map(e -> new CompliantAmiPublished.Ami(e.getKey(), settings.centralAccountId(), e.getValue())).toList(),
        new CompliantAmiPublished.SharedWith(settings.organizationArns(), settings.ouArns(), List.of()),
        List.copyOf(deprecated), settings.common().dryRun());
    boolean eventPublished = events.publish(List.of(detail), d -> List.of(d.imageBuildVersionArn())).complete();
    return new PublishResult(settings.common().mode().value(), image.arn(), image.status(), null, image.baseline(), true, gate,
        List.copyOf(amis), rolled, List.copyOf(deprecated), image.logsLocation(), eventPublished, null, null);
  }

  /** The gate failed: nothing is shared; the AMIs that exist are tagged with the reason. */
  private PublishResult block(BuiltImage image, List<GateCheck> gate, Map<String, RegionalAmis.Found> found, List<PublishResult.AmiOutcome> foreign) {
    Map<String, String> why = Map.of("compliant-ami:gate", "failed", "compliant-ami:gate-failed-checks", PublishNotification.failedChecks(gate));
    List<PublishResult.AmiOutcome> amis = new ArrayList<>();
    for (BuiltImage.OutputAmi ami : image.amis()) {
      RegionalAmis.Found f = found.get(ami.imageId());
      if (f != null && f.facts().state() != null) {
        amis.add(new PublishResult.AmiOutcome(ami.region(), settings.centralAccountId(), ami.imageId(), List.of(), regional(ami.region()).tag(f, why),
            "not shared: the gate failed"));
      }
    }
    amis.addAll(foreign);
    return new PublishResult(settings.common().mode().value(), image.arn(), image.status(), null, image.baseline(), false, gate,
        List.copyOf(amis), List.of(), List.of(), image.logsLocation(), false, null, null);
  }

  /** Tags that tell anyone in the factory account what an AMI is (tags do not travel to consumer accounts). */
  static Map<String, String> amiTags(BuiltImage image) {
    Map<String, String> tags = new HashMap<>();
    tags.put(ManagedTags.MANAGED, "true");
    tags.put(ManagedTags.BASELINE, image.baseline());
    tags.put("compliant-ami:image-build-version-arn", image.arn());
    if (image.parentImage() != null) {
      // source-image is the parent AMI id (architecture.md §4); a recipe that names its parent through an
      // SSM parameter or an Image Builder image is recorded as parent-image instead
      tags.put(image.parentImage().startsWith("ami-") ? ManagedTags.SOURCE_IMAGE : "compliant-ami:parent-image", image.parentImage());
    }
    if (image.dateCreated() != null) {
      tags.put("compliant-ami:build-date", image.dateCreated());
    }
    image.components().stream().filter(c -> c.contains(":component/stig-build")).findFirst().ifPresent(c -> {
      String[] parts = c.substring(c.indexOf(":component/") + 11).split("/");
      tags.put("compliant-ami:stig-component", parts[0]);
      if (parts.length > 1) {
        tags.put("compliant-ami:stig-component-version", parts[1]);
      }
    });
    tags.put("compliant-ami:gate", "passed");
    return tags;
  }

  private RegionalAmis regional(String region) {
    AwsClients r = clients.inRegion(region);
    return new RegionalAmis(region, r.get(Ec2Client.class, Ec2Client::builder), r.get(KmsClient.class, KmsClient::builder), settings.common().dryRun());
  }
}
