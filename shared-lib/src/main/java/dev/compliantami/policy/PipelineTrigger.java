package dev.compliantami.policy;

import java.util.List;

/** Why pipelines are to be started. {@link #reason()} is the contract's {@code reason} value. */
public sealed interface PipelineTrigger {
  String triggerId();

  String reason();

  /**
   * A watched base image has a new AMI.
   *
   * @param ssmParameter the parameter the watched name reads from, when configured as {@code name=ssm:…}
   *     (null otherwise): recipes whose parent image is that parameter are built on this base image
   */
  record BaseImageChanged(String triggerId, String baseImage, String region, String imageId, String ssmParameter)
      implements PipelineTrigger {
    @Override
    public String reason() {
      return "base-image-updated";
    }
  }

  /** An AWS-managed hardening component has a new version. */
  record ComponentReleased(String triggerId, String componentName, String version) implements PipelineTrigger {
    @Override
    public String reason() {
      return "hardening-component-released";
    }
  }

  /** The periodic refresh, or a person asking; {@code targets} (names or ARNs) empty means all managed pipelines. */
  record Refresh(String triggerId, boolean scheduled, List<String> targets) implements PipelineTrigger {
    public Refresh {
      targets = List.copyOf(targets);
    }

    @Override
    public String reason() {
      return scheduled ? "schedule" : "manual";
    }
  }
}
