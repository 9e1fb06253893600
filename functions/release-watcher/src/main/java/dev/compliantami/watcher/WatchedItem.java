package dev.compliantami.watcher;

import dev.compliantami.config.WatchedBaseImage;

/** One thing release-watcher checks per run; {@link #stateKey()} names its remembered value. */
sealed interface WatchedItem {
  String name();

  String region();

  String stateKey();

  /**
   * A base image in one factory region.
   *
   * @param discovered found as the SSM parent of a managed pipeline's recipe, not configured
   */
  record BaseImage(String name, String region, WatchedBaseImage.Source source, boolean discovered) implements WatchedItem {
    @Override
    public String stateKey() {
      return "base-image#" + region + "#" + name;
    }
  }

  /** An AWS-managed Image Builder component (watched in the function's region). */
  record Component(String name, String region) implements WatchedItem {
    @Override
    public String stateKey() {
      return "component#" + region + "#" + name;
    }
  }
}
