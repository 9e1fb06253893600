package dev.compliantami.publisher;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.AwsErrors;
import dev.compliantami.aws.Lazy;
import dev.compliantami.fleet.Boundary;
import dev.compliantami.fleet.FanOut;
import dev.compliantami.fleet.MemberClients;
import dev.compliantami.fleet.OrganizationAccounts;
import dev.compliantami.fleet.Target;
import dev.compliantami.fleet.TargetResult;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Writes the new AMI id into {@code /compliant-ami/latest/<baseline>} (data type {@code aws:ec2:image}) in
 * every boundary account and region — the central account directly, members through their role — so
 * launch templates using {@code resolve:ssm:} pick it up at the next launch. One failing target is
 * reported and never stops the others.
 */
final class RollForward {
  static final String PREFIX = "/compliant-ami/latest/";

  private final AmiPublisherSettings settings;
  private final AwsClients central;
  private final Lazy<MemberClients> members;

  RollForward(AmiPublisherSettings settings, AwsClients central) {
    this.settings = settings;
    this.central = central;
    this.members = Lazy.of(() -> MemberClients.from(central, settings.centralAccountId(), settings.boundary(), settings.common().functionName()));
  }

  /**
   * @param amiByRegion the new AMI per region
   * @param notRolled per region whose AMI exists but is not rolled forward (its publishing failed, or a newer build is
   *     live there), why
   */
  List<PublishResult.TargetOutcome> publish(String baseline, Map<String, String> amiByRegion, Map<String, String> notRolled) {
    String parameter = PREFIX + baseline;
    Boundary boundary;
    try {
      boundary = Boundary.resolve(settings.boundary(), settings.centralAccountId(), OrganizationAccounts.of(central));
    } catch (RuntimeException e) {
      return List.of(new PublishResult.TargetOutcome(null, null, parameter, null, "FAILED",
          "the boundary's accounts could not be resolved from its OUs: " + AwsErrors.describe(e)));
    }
    List<TargetResult<PublishResult.TargetOutcome>> results =
        FanOut.run(boundary.targets(), settings.boundary().parallelism(), target -> write(target, parameter, amiByRegion.get(target.region()), notRolled.get(target.region())));
    return results.stream()
        .map(r -> switch (r) {
          case TargetResult.Done<PublishResult.TargetOutcome> done -> done.value();
          case TargetResult.Failed<PublishResult.TargetOutcome> failed ->
              outcome(failed.target(), parameter, amiByRegion.get(failed.target().region()), "FAILED", failed.reason());
        })
        .toList();
  }

  /** Reads before writing: an unchanged value is left alone, so a redelivery writes nothing. */
  private PublishResult.TargetOutcome write(Target target, String parameter, String ami, String notRolledBecause) {
    if (ami == null && notRolledBecause != null) {
      return outcome(target, parameter, null, "NOT_ROLLED_FORWARD", notRolledBecause);
    }
    if (ami == null) {
      return outcome(target, parameter, null, "NO_AMI_IN_REGION", "the image has no AMI in " + target.region() + "; add the region to its distribution");
    }
    SsmClient ssm = members.get().clients(target).get(SsmClient.class, SsmClient::builder);
    String current;
    try {
      current = ssm.getParameter(r -> r.name(parameter)).parameter().value();
    } catch (ParameterNotFoundException e) {
      current = null;
    }
    if (ami.equals(current)) {
      return outcome(target, parameter, ami, "UNCHANGED", null);
    }
    if (settings.common().dryRun()) {
      return outcome(target, parameter, ami, "WOULD_UPDATE", "was " + current);
    }
    ssm.putParameter(r -> r.name(parameter).value(ami).type(ParameterType.STRING).dataType("aws:ec2:image").overwrite(true)
        .description("Latest compliant AMI of baseline, written by compliant-ami ami-publisher"));
    return outcome(target, parameter, ami, "UPDATED", "was " + current);
  }

  private static PublishResult.TargetOutcome outcome(Target t, String parameter, String ami, String action, String detail) {
    return new PublishResult.TargetOutcome(t.accountId(), t.region(), parameter, ami, action, detail);
  }
}
