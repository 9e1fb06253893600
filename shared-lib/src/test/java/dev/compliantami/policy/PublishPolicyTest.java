package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.policy.PublishGate.AmiFacts;
import dev.compliantami.policy.PublishGate.ImageFacts;
import dev.compliantami.policy.PublishGate.KeyFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublishPolicyTest {
  private static final ImageFacts GOOD = new ImageFacts("AVAILABLE", true, true, "COMPLETED", Map.of("CRITICAL", 0, "HIGH", 3), 0, null);
  private static final AmiFacts AMI = new AmiFacts("us-east-1", "ami-1", "available", List.of());

  private static GateCheck check(List<GateCheck> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void cleanImagePassesEveryCheck() {
    List<GateCheck> checks = PublishGate.evaluate(GOOD, List.of(AMI));
    assertThat(checks).extracting(GateCheck::name).containsExactly("image-available", "tests-passed", "scan-findings", "amis-available", "keys-shareable");
    assertThat(GateCheck.allPassed(checks)).isTrue();
    assertThat(check(checks, "scan-findings").detail()).isEqualTo("0 CRITICAL (max 0), 3 HIGH (not gated)");
  }

  @Test
  void findingsOverTheThresholdsFail() {
    ImageFacts critical = new ImageFacts("AVAILABLE", true, true, "COMPLETED", Map.of("CRITICAL", 1), 0, null);
    assertThat(check(PublishGate.evaluate(critical, List.of(AMI)), "scan-findings").passed()).isFalse();
    ImageFacts high = new ImageFacts("AVAILABLE", true, true, "COMPLETED", Map.of("HIGH", 6), 0, 5);
    assertThat(check(PublishGate.evaluate(high, List.of(AMI)), "scan-findings").passed()).isFalse();
    ImageFacts scanning = new ImageFacts("AVAILABLE", true, true, "SCANNING", Map.of(), 0, null);
    assertThat(check(PublishGate.evaluate(scanning, List.of(AMI)), "scan-findings").detail()).contains("not COMPLETED");
    ImageFacts off = new ImageFacts("AVAILABLE", true, false, null, Map.of(), 0, null);
    assertThat(check(PublishGate.evaluate(off, List.of(AMI)), "scan-findings").passed()).isTrue();
  }

  @Test
  void missingAmiTestsOffAndUnshareableKeysFail() {
    List<GateCheck> checks = PublishGate.evaluate(new ImageFacts("AVAILABLE", false, false, null, Map.of(), 0, null), List.of(
        new AmiFacts("us-east-1", "ami-1", null, List.of()),
        new AmiFacts("us-west-2", "ami-2", "available", List.of(new KeyFacts("alias/aws/ebs", false, false))),
        new AmiFacts("eu-west-1", "ami-3", "available", List.of(new KeyFacts("k-3", true, false)))));
    assertThat(check(checks, "tests-passed").passed()).isFalse();
    assertThat(check(checks, "amis-available").detail()).isEqualTo("ami-1 in us-east-1 does not exist");
    assertThat(check(checks, "keys-shareable").detail()).contains("ami-2 uses the AWS managed key").contains("ami-3: the policy of key k-3");
    assertThat(GateCheck.allPassed(checks)).isFalse();
  }

  @Test
  void keyPolicyMustGrantTheOrganizationTheActionsEbsNeeds() {
    String awsExample = """
        {"Version":"2012-10-17","Statement":[
         {"Sid":"root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
         {"Sid":"org","Effect":"Allow","Principal":"*","Action":["kms:Describe*","kms:List*","kms:Get*","kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:CreateGrant"],
          "Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}""";
    assertThat(KeyPolicies.allowsOrganization(awsExample, "o-abc123")).isTrue();
    assertThat(KeyPolicies.allowsOrganization(awsExample, "o-other")).isFalse();
    assertThat(KeyPolicies.allowsOrganization(awsExample.replace("\"kms:CreateGrant\"", "\"kms:Sign\""), "o-abc123")).isFalse();
    String paths = awsExample.replace("\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc123\"}", "\"ForAnyValue:StringLike\":{\"aws:PrincipalOrgPaths\":[\"o-abc123/r-ab12/ou-ab12-11111111/*\"]}");
    assertThat(KeyPolicies.allowsOrganization(paths, "o-abc123")).isTrue();
    String accountOnly = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    assertThat(KeyPolicies.allowsOrganization(accountOnly, "o-abc123")).isFalse();
    assertThat(KeyPolicies.allowsOrganization("not json", "o-abc123")).isFalse();
    assertThat(KeyPolicies.allowsOrganization(awsExample.replace("StringEquals", "StringNotEquals"), "o-abc123")).isFalse();
    String withDeny = awsExample.substring(0, awsExample.lastIndexOf(']')) + ",{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:CreateGrant\",\"Resource\":\"*\"}]}";
    assertThat(KeyPolicies.allowsOrganization(withDeny, "o-abc123")).isFalse();
  }

  @Test
  void supersededAreEarlierAmisNotYetDeprecatedByThen() {
    Instant now = Instant.parse("2026-12-03T00:00:00Z");
    Instant at = now.plusSeconds(7 * 86400);
    List<Supersession.BaselineAmi> all = List.of(
        new Supersession.BaselineAmi("ami-new", now, null, null),
        new Supersession.BaselineAmi("ami-old", now.minusSeconds(86400 * 30), null, null),
        new Supersession.BaselineAmi("ami-done", now.minusSeconds(86400 * 30), null, "arn:aws:imagebuilder:us-east-1:1:image/b/1.0.0/6"),
        new Supersession.BaselineAmi("ami-already", now.minusSeconds(86400 * 60), now.plusSeconds(86400), null),
        new Supersession.BaselineAmi("ami-later-date", now.minusSeconds(86400 * 45), at.plusSeconds(86400), null));
    assertThat(Supersession.toDeprecate(all, Set.of("ami-new"), now, at)).extracting(Supersession.BaselineAmi::imageId)
        .containsExactly("ami-old", "ami-later-date");
  }

  @Test
  void aLaterLiveAmiOfTheBaselineMeansTheEventArrivedLate() {
    Instant built = Instant.parse("2026-12-01T00:00:00Z");
    Instant now = Instant.parse("2026-12-03T00:00:00Z");
    List<Supersession.BaselineAmi> all = List.of(
        new Supersession.BaselineAmi("ami-this", built, null, null),
        new Supersession.BaselineAmi("ami-older", built.minusSeconds(86400), null, null),
        new Supersession.BaselineAmi("ami-newer-deprecated", built.plusSeconds(3600), now.minusSeconds(60), null),
        new Supersession.BaselineAmi("ami-newer-superseded", built.plusSeconds(3600), null, "arn:x"));
    assertThat(Supersession.newerLive(all, Set.of("ami-this"), built, now)).isEmpty();
    List<Supersession.BaselineAmi> withNewer = new java.util.ArrayList<>(all);
    withNewer.add(new Supersession.BaselineAmi("ami-newer", built.plusSeconds(7200), null, null));
    assertThat(Supersession.newerLive(withNewer, Set.of("ami-this"), built, now)).map(Supersession.BaselineAmi::imageId).hasValue("ami-newer");
  }
}
