package dev.compliantami.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What {@link FaultProxy} does to the calls it forwards: for each call, drawn deterministically from {@code seed},
 * the share answered with the service's own throttling error, with a 5xx, with a connection reset, or forwarded and
 * answered only after {@code slowDelay} (which the test sets beyond the client's attempt timeout); and the accounts
 * whose role {@code AssumeRole} refuses. Shares add up to at most 1.
 *
 * @param scope which calls may be faulted (by operation name: {@code Describe*}/{@code Get*}/{@code List*}/{@code
 *     AssumeRole}... are reads, everything else mutates)
 * @param services signing names of the services faulted (e.g. {@code ec2}, {@code ssm}); the notification and event
 *     channels ({@code sns}, {@code events}, {@code sqs}) are left alone so a run can always report
 */
public record FaultProfile(String name, long seed, double throttled, double serverErrors, double resets, double slow,
    Duration slowDelay, Set<String> unassumableAccounts, Scope scope, Set<String> services) {

  public enum Scope { ALL, MUTATING, READS }

  /** The SDK attempt timeout {@link FaultProxy#routeSdkClients()} sets for the clients made while it routes them. */
  public static final Duration CLIENT_ATTEMPT_TIMEOUT = Duration.ofMillis(1500);
  /** Beyond {@link #CLIENT_ATTEMPT_TIMEOUT}: the client abandons the attempt while the emulator carries it out. */
  public static final Duration SLOW = Duration.ofMillis(2000);

  public static final Set<String> FAULTED_SERVICES =
      Set.of("ec2", "sts", "ssm", "imagebuilder", "autoscaling", "organizations");

  public FaultProfile {
    if (throttled < 0 || serverErrors < 0 || resets < 0 || slow < 0 || throttled + serverErrors + resets + slow > 1) {
      throw new IllegalArgumentException("shares must be >= 0 and add up to <= 1");
    }
    unassumableAccounts = Set.copyOf(unassumableAccounts);
    services = Set.copyOf(services);
  }

  /** Forwards everything untouched. */
  public static FaultProfile none() {
    return new FaultProfile("none", 0, 0, 0, 0, 0, Duration.ZERO, Set.of(), Scope.ALL, FAULTED_SERVICES);
  }

  /** {@code share} of calls throttled ({@code RequestLimitExceeded}, {@code ThrottlingException}, ...). */
  public static FaultProfile throttling(long seed, double share) {
    return new FaultProfile("throttling", seed, share, 0, 0, 0, Duration.ZERO, Set.of(), Scope.ALL, FAULTED_SERVICES);
  }

  /** {@code share} of calls answered with the service's 500 error. */
  public static FaultProfile serverErrors(long seed, double share) {
    return new FaultProfile("5xx", seed, 0, share, 0, 0, Duration.ZERO, Set.of(), Scope.ALL, FAULTED_SERVICES);
  }

  /** {@code share} of calls whose connection is reset before they reach the emulator. */
  public static FaultProfile resets(long seed, double share) {
    return new FaultProfile("resets", seed, 0, 0, share, 0, Duration.ZERO, Set.of(), Scope.ALL, FAULTED_SERVICES);
  }

  /** {@code share} of calls forwarded (they take effect) but answered after {@code delay}. */
  public static FaultProfile slow(long seed, double share, Duration delay) {
    return new FaultProfile("slow", seed, 0, 0, 0, share, delay, Set.of(), Scope.ALL, FAULTED_SERVICES);
  }

  /** {@code AssumeRole} into any role of these accounts is refused with {@code AccessDenied}. */
  public static FaultProfile unassumable(String... accounts) {
    return new FaultProfile("unassumable", 0, 0, 0, 0, 0, Duration.ZERO, Set.of(accounts), Scope.ALL, FAULTED_SERVICES);
  }

  /**
   * The matrix every mutating function is tested under: a {@code share} of calls throttled, 5xx, reset, slow (each
   * alone), and {@code unassumable} accounts refused.
   */
  public static java.util.List<FaultProfile> matrix(long seed, double share, String... unassumable) {
    return java.util.List.of(throttling(seed, share), serverErrors(seed, share), resets(seed, share),
        slow(seed, share, SLOW), unassumable(unassumable));
  }

  public FaultProfile only(Scope newScope) {
    return new FaultProfile(name + "/" + newScope.name().toLowerCase(Locale.ROOT), seed, throttled, serverErrors, resets,
        slow, slowDelay, unassumableAccounts, newScope, services);
  }

  public FaultProfile onServices(String... signingNames) {
    return new FaultProfile(name, seed, throttled, serverErrors, resets, slow, slowDelay, unassumableAccounts, scope,
        Set.of(signingNames));
  }

  public FaultProfile withUnassumable(String... accounts) {
    return new FaultProfile(name, seed, throttled, serverErrors, resets, slow, slowDelay, Set.of(accounts), scope,
        services);
  }

  @Override
  public String toString() {
    return name;
  }
}
