package dev.compliantami.fleet;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.ChildType;

/**
 * The ACTIVE accounts under OUs (or the root), read from AWS Organizations with {@code ListAccountsForParent} and,
 * for nested OUs, {@code ListChildren(ORGANIZATIONAL_UNIT)}. Must run in the management account or a delegated
 * administrator. {@link Account#state()} is consulted, {@code Status} (retired) only where an endpoint sends no {@code State}: anything but {@code ACTIVE}
 * (pending activation, suspended, pending closure, closed) is left out. Every listing is paged with {@code
 * MaxResults} ≤ 20 and followed until {@code NextToken} is null, since pages can be empty while more remain.
 */
public final class OrganizationAccounts implements AccountDirectory {
  public static final int MAX_PAGE_SIZE = 20;

  private final OrganizationsClient organizations;
  private final int pageSize;

  /** A directory that builds its Organizations client from {@code central} only if OUs are to be resolved. */
  public static AccountDirectory of(dev.compliantami.aws.AwsClients central) {
    return ous -> new OrganizationAccounts(central.get(OrganizationsClient.class, OrganizationsClient::builder)).activeAccountIds(ous);
  }

  public OrganizationAccounts(OrganizationsClient organizations) {
    this(organizations, MAX_PAGE_SIZE);
  }

  /** {@code pageSize} 1–20; small pages are for tests that must exercise paging. */
  public OrganizationAccounts(OrganizationsClient organizations, int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("pageSize must be 1-" + MAX_PAGE_SIZE + ", was " + pageSize);
    }
    this.organizations = organizations;
    this.pageSize = pageSize;
  }

  @Override
  public Set<String> activeAccountIds(Collection<String> parentIds) {
    Set<String> accounts = new TreeSet<>();
    Set<String> seenParents = new HashSet<>();
    Deque<String> parents = new ArrayDeque<>(parentIds);
    while (!parents.isEmpty()) {
      String parent = parents.removeFirst();
      if (!seenParents.add(parent)) {
        continue; // an OU listed twice, or nested under another listed OU
      }
      accountsOf(parent, a -> {
        if (a.state() == AccountState.ACTIVE || a.state() == null && a.status() == software.amazon.awssdk.services.organizations.model.AccountStatus.ACTIVE) {
          accounts.add(a.id());
        }
      });
      childOus(parent, parents::addLast);
    }
    return accounts;
  }

  private void accountsOf(String parentId, Consumer<Account> each) {
    pages(token -> {
      var page = organizations.listAccountsForParent(
          r -> r.parentId(parentId).maxResults(pageSize).nextToken(token));
      page.accounts().forEach(each);
      return page.nextToken();
    });
  }

  private void childOus(String parentId, Consumer<String> each) {
    pages(token -> {
      var page = organizations.listChildren(
          r -> r.parentId(parentId).childType(ChildType.ORGANIZATIONAL_UNIT).maxResults(pageSize).nextToken(token));
      page.children().forEach(c -> each.accept(c.id()));
      return page.nextToken();
    });
  }

  /** Calls {@code page} with null, then with each returned token, until one returns null or empty. */
  private static void pages(Function<String, String> page) {
    String token = null;
    do {
      token = page.apply(token);
    } while (token != null && !token.isEmpty());
  }
}
