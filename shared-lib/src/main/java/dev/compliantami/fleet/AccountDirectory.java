package dev.compliantami.fleet;

import java.util.Collection;
import java.util.Set;

/** Where a boundary's OUs are turned into accounts; {@link OrganizationAccounts} asks AWS Organizations. */
@FunctionalInterface
public interface AccountDirectory {
  /** The ids of the ACTIVE accounts directly or indirectly (nested OUs) under each of {@code parentIds}. */
  Set<String> activeAccountIds(Collection<String> parentIds);
}
