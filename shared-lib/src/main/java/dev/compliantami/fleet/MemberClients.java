package dev.compliantami.fleet;

import dev.compliantami.aws.AwsClients;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * SDK clients for a target account/region. The central account's target gets the central credentials (no
 * AssumeRole); any other account gets an {@link StsAssumeRoleCredentialsProvider} for {@code
 * arn:<partition>:iam::<account>:role/<memberRoleName>}, made once per account and refreshed by the provider
 * before expiry. Sessions last {@value #SESSION_SECONDS} s, the cap for role chaining (a Lambda's own credentials
 * are already an assumed role). AssumeRole is called by the central STS client, lazily on the target's first call,
 * so a role that cannot be assumed fails that target's calls (e.g. {@code AccessDenied}) and nothing else.
 *
 * <p>Every call made through a target's clients first takes a token of that account/region's {@link RateLimiter}.
 * All families share the central HTTP client. Close this (not the central clients) to release the member clients.
 */
public final class MemberClients implements AutoCloseable {
  public static final int SESSION_SECONDS = 3600;
  static final int MAX_SESSION_NAME = 64;
  private static final Pattern NOT_SESSION_CHAR = Pattern.compile("[^\\w+=,.@-]");

  private final AwsClients central;
  private final String centralAccountId;
  private final String roleName;
  private final String sessionName;
  private final Supplier<RateLimiter> newLimiter;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();

  private record Account(AwsClients clients, RateLimitInterceptor limits, AutoCloseable credentials) {}

  /**
   * @param sessionName the RoleSessionName, see {@link #sessionName(String)}
   * @param newLimiter makes the limiter of one account/region, e.g. {@code () -> RateLimiter.of(5)}
   */
  public MemberClients(AwsClients central, String centralAccountId, String roleName, String sessionName,
      Supplier<RateLimiter> newLimiter) {
    this.central = Objects.requireNonNull(central, "central");
    this.centralAccountId = Objects.requireNonNull(centralAccountId, "centralAccountId");
    this.roleName = Objects.requireNonNull(roleName, "roleName");
    this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
    this.newLimiter = Objects.requireNonNull(newLimiter, "newLimiter");
    if (sessionName.length() < 2 || sessionName.length() > MAX_SESSION_NAME
        || NOT_SESSION_CHAR.matcher(sessionName).find()) {
      throw new IllegalArgumentException("not a role session name (2-64 of \\w+=,.@-): '" + sessionName + "'");
    }
  }

  /** From the boundary settings: their role name and per account/region rate; session {@code compliant-ami-<fn>}. */
  public static MemberClients from(
      AwsClients central, String centralAccountId, BoundarySettings settings, String functionName) {
    double rate = settings.requestsPerSecond();
    return new MemberClients(central, centralAccountId, settings.memberRoleName(), sessionName(functionName),
        () -> RateLimiter.of(rate));
  }

  /** {@code compliant-ami-<function>}, characters STS rejects replaced by {@code -}, cut to 64 characters. */
  public static String sessionName(String functionName) {
    String fn = functionName == null || functionName.isBlank() ? "function" : functionName.trim();
    String name = NOT_SESSION_CHAR.matcher("compliant-ami-" + fn).replaceAll("-");
    return name.length() > MAX_SESSION_NAME ? name.substring(0, MAX_SESSION_NAME) : name;
  }

  /** The clients of {@code target}: made on first use, then reused. */
  public AwsClients clients(Target target) {
    return account(target).clients().inRegion(target.region());
  }

  /** The rate limiter every call through {@link #clients(Target)} passes. */
  public RateLimiter limiter(Target target) {
    return account(target).limits().limiter(target.region());
  }

  /** The role assumed in {@code target}'s account, or null for the central account. */
  public String roleArn(Target target) {
    return target.accountId().equals(centralAccountId)
        ? null
        : Partitions.roleArn(target.region(), target.accountId(), roleName);
  }

  private Account account(Target target) {
    return accounts.computeIfAbsent(target.accountId(), id -> open(target));
  }

  private Account open(Target first) {
    RateLimitInterceptor limits = new RateLimitInterceptor(newLimiter);
    String roleArn = roleArn(first);
    if (roleArn == null) {
      return new Account(central.withInterceptors(List.of(limits)), limits, null);
    }
    StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
        .stsClient(central.get(StsClient.class, StsClient::builder))
        .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(sessionName).durationSeconds(SESSION_SECONDS))
        .asyncCredentialUpdateEnabled(false)
        .build();
    return new Account(central.withCredentials(credentials, List.of(limits)), limits, credentials);
  }

  @Override
  public void close() {
    for (Account a : accounts.values()) {
      a.clients().close();
      if (a.credentials() != null) {
        try {
          a.credentials().close();
        } catch (Exception ignored) {
          // releasing a credentials cache cannot fail the function
        }
      }
    }
    accounts.clear();
  }
}
