package dev.compliantami.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gate a built image passes before anything is shared. Pure: the caller has read the image, its scan
 * findings, its AMIs and their keys.
 */
public final class PublishGate {
  public static final String IMAGE_AVAILABLE = "image-available";
  public static final String TESTS_PASSED = "tests-passed";
  public static final String SCAN_FINDINGS = "scan-findings";
  public static final String AMIS_AVAILABLE = "amis-available";
  public static final String KEYS_SHAREABLE = "keys-shareable";

  private PublishGate() {}

  /**
   * @param scanningEnabled whether Inspector image scanning is on for the image
   * @param scanStatus the image's scan state ({@code COMPLETED} when findings are final), or null
   * @param findings number of findings per severity ({@code CRITICAL}, {@code HIGH}, …)
   * @param maxHigh null when HIGH findings are not gated
   */
  public record ImageFacts(
      String status, boolean testsEnabled, boolean scanningEnabled, String scanStatus, Map<String, Integer> findings,
      int maxCritical, Integer maxHigh) {}

  /** @param state the AMI's state, or null when it does not exist */
  public record AmiFacts(String region, String imageId, String state, List<KeyFacts> keys) {}

  /**
   * A key that encrypts one of the AMI's snapshots.
   *
   * @param customerManaged false for the AWS managed key (aws/ebs), which cannot be shared
   * @param organizationMayUse the key policy lets the organization use the key (see {@link KeyPolicies})
   */
  public record KeyFacts(String keyId, boolean customerManaged, boolean organizationMayUse) {}

  public static List<GateCheck> evaluate(ImageFacts image, List<AmiFacts> amis) {
    List<GateCheck> checks = new ArrayList<>();
    checks.add("AVAILABLE".equals(image.status())
        ? GateCheck.pass(IMAGE_AVAILABLE, "image status AVAILABLE")
        : GateCheck.fail(IMAGE_AVAILABLE, "image status is " + image.status()));
    checks.add(image.testsEnabled()
        ? GateCheck.pass(TESTS_PASSED, "the test phase ran and passed (Image Builder makes an image AVAILABLE only after its tests pass)")
        : GateCheck.fail(TESTS_PASSED, "image tests were disabled for this build: there is no test evidence"));
    checks.add(scan(image));
    checks.add(amisAvailable(amis));
    checks.add(keys(amis));
    return List.copyOf(checks);
  }

  private static GateCheck scan(ImageFacts image) {
    if (!image.scanningEnabled()) {
      return GateCheck.pass(SCAN_FINDINGS, "Inspector image scanning is off for this pipeline: not gated");
    }
    if (!"COMPLETED".equals(image.scanStatus())) {
      return GateCheck.fail(SCAN_FINDINGS, "image scan is " + image.scanStatus() + ", not COMPLETED: findings are not final");
    }
    int critical = image.findings().getOrDefault("CRITICAL", 0);
    int high = image.findings().getOrDefault("HIGH", 0);
    String counts = critical + " CRITICAL (max " + image.maxCritical() + "), " + high + " HIGH"
        + (image.maxHigh() == null ? " (not gated)" : " (max " + image.maxHigh() + ")");
    boolean ok = critical <= image.maxCritical() && (image.maxHigh() == null || high <= image.maxHigh());
    return ok ? GateCheck.pass(SCAN_FINDINGS, counts) : GateCheck.fail(SCAN_FINDINGS, counts);
  }

  private static GateCheck amisAvailable(List<AmiFacts> amis) {
    if (amis.isEmpty()) {
      return GateCheck.fail(AMIS_AVAILABLE, "the image has no output AMIs");
    }
    List<String> bad = amis.stream()
        .filter(a -> !"available".equals(a.state()))
        .map(a -> a.imageId() + " in " + a.region() + (a.state() == null ? " does not exist" : " is " + a.state()))
        .toList();
    return bad.isEmpty()
        ? GateCheck.pass(AMIS_AVAILABLE, amis.size() + " AMI(s) available")
        : GateCheck.fail(AMIS_AVAILABLE, String.join("; ", bad));
  }

  private static GateCheck keys(List<AmiFacts> amis) {
    List<String> bad = new ArrayList<>();
    for (AmiFacts a : amis) {
      for (KeyFacts k : a.keys()) {
        if (!k.customerManaged()) {
          bad.add(a.imageId() + " uses the AWS managed key " + k.keyId() + ", which cannot be shared");
        } else if (!k.organizationMayUse()) {
          bad.add(a.imageId() + ": the policy of key " + k.keyId() + " does not let the organization use it");
        }
      }
    }
    long encrypted = amis.stream().mapToLong(a -> a.keys().size()).sum();
    return bad.isEmpty()
        ? GateCheck.pass(KEYS_SHAREABLE, encrypted == 0 ? "snapshots are not encrypted with KMS keys" : "every snapshot key lets the organization use it")
        : GateCheck.fail(KEYS_SHAREABLE, String.join("; ", bad));
  }
}
