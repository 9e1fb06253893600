package dev.compliantami.policy;

import java.util.Set;

/**
 * The rules an instance's image is judged by.
 *
 * @param factoryAccountId the AMI factory; its published AMIs are the compliant ones
 * @param approvedProviders further providers whose images count as approved without publication: 12-digit
 *     account ids and/or the aliases {@code amazon} / {@code aws-marketplace} (empty = only the factory)
 * @param maxImageAgeDays an image created longer ago than this is a violation
 * @param deprecatedGraceDays an image deprecated longer ago than this is a violation (0 = any deprecated image)
 * @param maxExemptionDays the furthest an exemption may reach
 */
public record ApprovalPolicy(
    String factoryAccountId, Set<String> approvedProviders, int maxImageAgeDays, int deprecatedGraceDays, int maxExemptionDays) {

  public ApprovalPolicy {
    if (factoryAccountId == null || !factoryAccountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("factoryAccountId must be a 12-digit account id: " + factoryAccountId);
    }
    approvedProviders = Set.copyOf(approvedProviders);
    if (maxImageAgeDays < 1 || deprecatedGraceDays < 0 || maxExemptionDays < 0) {
      throw new IllegalArgumentException("day limits must be positive");
    }
  }
}
