package dev.compliantami.policy;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Allowed AMIs setting of one account and Region as {@code GetAllowedImagesSettings} reports it (or as
 * it is wanted), normalised: state and managedBy lower-cased, a missing state read as {@code disabled} and a
 * missing managedBy as {@code account}; {@code audit_mode} (the declarative-policy spelling) is read as
 * {@code audit-mode}. Criteria keep their order here, but the equality helpers compare them as a set of
 * normalised criteria, so neither order nor duplicates matter.
 */
public record AllowedImagesSettings(String state, List<AllowedImagesCriterion> criteria, String managedBy) {
  public static final String DISABLED = "disabled";
  public static final String AUDIT_MODE = "audit-mode";
  public static final String ENABLED = "enabled";
  public static final String MANAGED_BY_ACCOUNT = "account";
  public static final String MANAGED_BY_DECLARATIVE_POLICY = "declarative-policy";

  public AllowedImagesSettings {
    state = state == null || state.isBlank() ? DISABLED : state.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    criteria = criteria == null ? List.of() : List.copyOf(criteria);
    managedBy = managedBy == null || managedBy.isBlank() ? MANAGED_BY_ACCOUNT : managedBy.trim().toLowerCase(Locale.ROOT);
  }

  /** The criteria as a set, in first-seen order, duplicates dropped. */
  public Set<AllowedImagesCriterion> criteriaSet() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(criteria));
  }

  public boolean managedByPolicy() {
    return MANAGED_BY_DECLARATIVE_POLICY.equals(managedBy);
  }

  public boolean sameState(AllowedImagesSettings other) {
    return state.equals(other.state);
  }

  /** Same criteria ignoring order and duplicates. */
  public boolean sameCriteria(AllowedImagesSettings other) {
    return sameCriteria(other.criteria);
  }

  public boolean sameCriteria(Collection<AllowedImagesCriterion> other) {
    return criteriaSet().equals(new LinkedHashSet<>(other));
  }

  /** Same state, same criteria (as a set) and same manager. */
  public boolean semanticallyEquals(AllowedImagesSettings other) {
    return sameState(other) && sameCriteria(other) && managedBy.equals(other.managedBy);
  }
}
