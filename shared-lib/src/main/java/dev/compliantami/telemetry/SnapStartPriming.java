package dev.compliantami.telemetry;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A handler that primes itself before the SnapStart snapshot (load classes, build clients, run the pure
 * code once — never an AWS call) and needs nothing after restore: the SDK's default credentials chain
 * resolves (and refreshes) credentials when a request is signed, not when a client is built.
 */
public interface SnapStartPriming extends Resource {

  /** Warm what every invocation uses; called once, before the snapshot. */
  void prime();

  /** Call from the handler's constructor. */
  default void registerForSnapStart() {
    Core.getGlobalContext().register(this);
  }

  @Override
  default void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  default void afterRestore(Context<? extends Resource> context) {
    // nothing to refresh
  }
}
