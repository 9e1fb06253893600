package dev.compliantami.events;

/**
 * The {@code detail} of one of the suite's own events (architecture.md §3): source {@code
 * compliant-ami}, camelCase fields, ISO-8601 UTC times, {@code schemaVersion} 1.
 */
public sealed interface CustomDetail
    permits BaseImageUpdated,
        HardeningComponentReleased,
        ImagePipelineStarted,
        CompliantAmiPublished,
        AllowedAmisReconciled,
        InstanceComplianceVerdict,
        OverageInstancesHandled,
        FleetReportPublished {

  String SOURCE = "compliant-ami";
  int SCHEMA_VERSION = 1;

  /** The EventBridge detail-type this detail travels under. */
  String detailType();

  /** Serialised as a record component by every implementation. */
  int schemaVersion();
}
