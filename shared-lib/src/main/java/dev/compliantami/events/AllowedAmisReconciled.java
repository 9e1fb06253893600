package dev.compliantami.events;

/** allowed-amis-enforcer: the Allowed AMIs setting of one account and region was checked. */
public record AllowedAmisReconciled(
    int schemaVersion,
    String accountId,
    String region,
    String state,
    boolean driftFound,
    boolean changed,
    String managedBy,
    boolean dryRun)
    implements CustomDetail {
  public static final String DETAIL_TYPE = "Allowed AMIs Reconciled";

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }
}
