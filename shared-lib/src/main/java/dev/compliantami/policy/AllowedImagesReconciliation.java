package dev.compliantami.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the Allowed AMIs setting read from one account and Region with the desired one. Criteria are
 * compared as sets of normalised criteria (order and duplicates do not matter).
 */
public final class AllowedImagesReconciliation {
  private AllowedImagesReconciliation() {}

  public sealed interface Decision permits InSync, Drift, ManagedByPolicy {}

  /** Nothing to write. */
  public record InSync() implements Decision {}

  /**
   * The account's setting differs; write what differs: {@code ReplaceImageCriteriaInAllowedImagesSettings}
   * when {@code criteriaDiffer}, {@code EnableAllowedImagesSettings(desired state)} when {@code stateDiffers}.
   */
  public record Drift(List<String> differences, boolean criteriaDiffer, boolean stateDiffers) implements Decision {
    public Drift {
      differences = List.copyOf(differences);
    }
  }

  /**
   * A declarative policy governs the setting ({@code managedBy = declarative-policy}): the account cannot
   * change it, so nothing is to be written; {@code policyMatches} tells whether its effective setting is
   * the desired one, {@code differences} how it is not.
   */
  public record ManagedByPolicy(boolean policyMatches, List<String> differences) implements Decision {
    public ManagedByPolicy {
      differences = List.copyOf(differences);
    }
  }

  public static Decision decide(AllowedImagesSettings current, AllowedImagesDesired desired) {
    return decide(current, desired.settings());
  }

  /** {@code desired.managedBy()} is ignored. */
  public static Decision decide(AllowedImagesSettings current, AllowedImagesSettings desired) {
    boolean stateDiffers = !current.sameState(desired);
    boolean criteriaDiffer = !current.sameCriteria(desired);
    List<String> differences = differences(current, desired);
    if (current.managedByPolicy()) {
      return new ManagedByPolicy(differences.isEmpty(), differences);
    }
    if (!stateDiffers && !criteriaDiffer) {
      return new InSync();
    }
    return new Drift(differences, criteriaDiffer, stateDiffers);
  }

  /**
   * Human-readable differences, deterministic: the state first ({@code state: audit-mode, want enabled}),
   * then per desired criterion (numbered 1.. in desired order) the fields in which the closest unmatched
   * current criterion differs ({@code criterion 1 providers: missing 111122223333; extra aws-marketplace}),
   * or {@code criterion 2 missing: …} when no current criterion is left to compare with; then
   * {@code extra criterion: …} for each current criterion nothing desired accounts for.
   */
  public static List<String> differences(AllowedImagesSettings current, AllowedImagesSettings desired) {
    List<String> out = new ArrayList<>();
    if (!current.sameState(desired)) {
      out.add("state: " + current.state() + ", want " + desired.state());
    }
    List<AllowedImagesCriterion> wanted = List.copyOf(desired.criteriaSet());
    Set<AllowedImagesCriterion> unmatched = new LinkedHashSet<>(current.criteriaSet());
    unmatched.removeAll(wanted);
    for (int i = 0; i < wanted.size(); i++) {
      AllowedImagesCriterion d = wanted.get(i);
      if (current.criteriaSet().contains(d)) {
        continue;
      }
      String label = "criterion " + (i + 1);
      AllowedImagesCriterion closest = closest(d, unmatched);
      if (closest == null) {
        out.add(label + " missing: " + d.describe());
      } else {
        unmatched.remove(closest);
        out.addAll(fieldDifferences(label, closest, d));
      }
    }
    for (AllowedImagesCriterion extra : unmatched) {
      out.add("extra criterion: " + extra.describe());
    }
    return List.copyOf(out);
  }

  /** The unmatched current criterion sharing most with {@code d}; the first on ties; null when none left. */
  private static AllowedImagesCriterion closest(
      AllowedImagesCriterion d, Set<AllowedImagesCriterion> unmatched) {
    AllowedImagesCriterion best = null;
    int bestScore = -1;
    for (AllowedImagesCriterion c : unmatched) {
      int score = similarity(c, d);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  }

  private static int similarity(AllowedImagesCriterion a, AllowedImagesCriterion b) {
    return 4 * shared(a.imageProviders(), b.imageProviders())
        + 2 * shared(a.imageNames(), b.imageNames())
        + 2 * shared(a.marketplaceProductCodes(), b.marketplaceProductCodes())
        + (Objects.equals(a.maximumDaysSinceCreated(), b.maximumDaysSinceCreated()) ? 1 : 0)
        + (Objects.equals(a.maximumDaysSinceDeprecated(), b.maximumDaysSinceDeprecated()) ? 1 : 0);
  }

  private static int shared(Set<String> a, Set<String> b) {
    return (int) a.stream().filter(b::contains).count();
  }

  private static List<String> fieldDifferences(String label, AllowedImagesCriterion current, AllowedImagesCriterion desired) {
    List<String> out = new ArrayList<>();
    setDifference(out, label + " providers", current.imageProviders(), desired.imageProviders());
    setDifference(out, label + " image names", current.imageNames(), desired.imageNames());
    setDifference(out, label + " marketplace product codes", current.marketplaceProductCodes(), desired.marketplaceProductCodes());
    numberDifference(out, label + " maximum days since created", current.maximumDaysSinceCreated(), desired.maximumDaysSinceCreated());
    numberDifference(out, label + " maximum days since deprecated", current.maximumDaysSinceDeprecated(), desired.maximumDaysSinceDeprecated());
    return out;
  }

  private static void setDifference(List<String> out, String label, Set<String> current, Set<String> desired) {
    Set<String> missing = new TreeSet<>(desired);
    missing.removeAll(current);
    Set<String> extra = new TreeSet<>(current);
    extra.removeAll(desired);
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("missing " + String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      parts.add("extra " + String.join(", ", extra));
    }
    if (!parts.isEmpty()) {
      out.add(label + ": " + String.join("; ", parts));
    }
  }

  private static void numberDifference(List<String> out, String label, Integer current, Integer desired) {
    if (!Objects.equals(current, desired)) {
      out.add(label + ": " + (current == null ? "none" : current) + ", want " + (desired == null ? "none" : desired));
    }
  }
}
