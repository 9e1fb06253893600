package dev.compliantami.config;

import dev.compliantami.policy.ApprovalPolicy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The image-approval rules launch-auditor and fleet-report judge instances by, from the same template parameters:
 * {@code FACTORY_ACCOUNT_ID}, {@code APPROVED_IMAGE_PROVIDERS} (12-digit account ids and the provider aliases),
 * {@code MAX_IMAGE_AGE_DAYS} (default 90), {@code DEPRECATED_GRACE_DAYS} (default 7), {@code MAX_EXEMPTION_DAYS}
 * (default 90).
 */
public final class ApprovalSettings {
  public static final Set<String> PROVIDER_ALIASES = Set.of("amazon", "aws-marketplace", "aws-backup-vault");

  private ApprovalSettings() {}

  public static ApprovalPolicy from(EnvReader env) {
    String factory = env.accountId("FACTORY_ACCOUNT_ID");
    Set<String> providers = new LinkedHashSet<>(env.list("APPROVED_IMAGE_PROVIDERS",
        p -> p.matches("\\d{12}") || PROVIDER_ALIASES.contains(p), "12-digit account ids, amazon, aws-marketplace or aws-backup-vault"));
    return new ApprovalPolicy(factory, providers,
        env.intInRange("MAX_IMAGE_AGE_DAYS", 90, 1, 3650),
        env.intInRange("DEPRECATED_GRACE_DAYS", 7, 0, 3650),
        env.intInRange("MAX_EXEMPTION_DAYS", 90, 0, 3650));
  }
}
