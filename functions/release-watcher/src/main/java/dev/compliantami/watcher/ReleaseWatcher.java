package dev.compliantami.watcher;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.compliantami.aws.AwsClients;
import dev.compliantami.aws.AwsErrors;
import dev.compliantami.config.WatchedBaseImage;
import dev.compliantami.events.BaseImageUpdated;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.events.HardeningComponentReleased;
import dev.compliantami.imagebuilder.FactoryPipelines;
import dev.compliantami.notify.EventPublisher;
import dev.compliantami.notify.Notifier;
import dev.compliantami.policy.ComponentState;
import dev.compliantami.policy.ComponentVersionView;
import dev.compliantami.policy.FactoryPipeline;
import dev.compliantami.watcher.ItemOutcome.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One polling run: read every watched item; record a change with compare-and-set and announce it at once,
 * before the next item is read, undoing the record if it cannot be announced; one notification at the end.
 */
final class ReleaseWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseWatcher.class);

  /**
   * Remembered status of a component that ListComponents no longer returns at all: it lists only ACTIVE
   * versions by default, so every version is deprecated or disabled. Stored with the last ACTIVE version
   * seen, so a later reappearance is a release only when it brings a newer version.
   */
  static final String NOT_LISTED = "NOT_LISTED";

  private final ReleaseWatcherSettings settings;
  private final AwsClients clients;
  private final StateStore state;
  private final EventPublisher events;
  private final Notifier notifier;

  ReleaseWatcher(ReleaseWatcherSettings settings, AwsClients clients, EventPublisher events, Notifier notifier) {
    this.settings = settings;
    this.clients = clients;
    this.state = new StateStore(clients.get(DynamoDbClient.class, DynamoDbClient::builder), settings.stateTable());
    this.events = events;
    this.notifier = notifier;
  }

  /** Events put and events that could not be put in this run. */
  private static final class Announcements {
    int published;
    final List<String> failures = new ArrayList<>();
  }

  WatchResult run(String trigger, String triggerId, String snsNote) {
    List<ItemOutcome> outcomes = new ArrayList<>();
    Announcements announced = new Announcements();
    List<WatchedItem> items = items(outcomes);
    outcomes.forEach(o -> log(o, triggerId));

    for (WatchedItem item : items) {
      ItemOutcome outcome;
      try {
        Observation seen =
            switch (item) {
              case WatchedItem.BaseImage b -> observeBaseImage(b);
              case WatchedItem.Component c -> observeComponent(c);
            };
        outcome = settle(seen, triggerId, announced);
      } catch (RuntimeException e) {
        outcome = new ItemOutcome(kind(item), item.name(), item.region(), source(item), Status.ERROR, null, null, AwsErrors.describe(e));
      }
      outcomes.add(outcome);
      log(outcome, triggerId);
    }

    WatchResult result =
        new WatchResult(trigger, triggerId, null, snsNote, List.copyOf(outcomes), announced.published, List.copyOf(announced.failures), null, null);
    return notify(result);
  }

  /**
   * One item as read now, nothing recorded yet.
   *
   * @param release the event announcing the change from {@code previous} to {@code current}, or null when the
   *     change is no release (a component status change)
   * @param detail the outcome's detail (image name, component news)
   */
  private record Observation(
      WatchedItem item, String kind, String source, String previous, String current, CustomDetail release, String detail) {

    ItemOutcome outcome(Status status) {
      return outcome(status, detail);
    }

    ItemOutcome outcome(Status status, String withDetail) {
      return new ItemOutcome(kind, item.name(), item.region(), source, status, current, previous, withDetail);
    }
  }

  private Observation observeBaseImage(WatchedItem.BaseImage item) {
    AwsClients regional = clients.inRegion(item.region());
    BaseImageReader.CurrentImage now =
        new BaseImageReader(regional.get(SsmClient.class, SsmClient::builder), regional.get(Ec2Client.class, Ec2Client::builder))
            .read(item.source());
    String previous = state.get(item.stateKey()).orElse(null);
    BaseImageUpdated release =
        new BaseImageUpdated(CustomDetail.SCHEMA_VERSION, item.name(), item.region(), previous, now.imageId(), now.imageName(),
            now.creationDate(), now.sourceKind());
    return new Observation(item, "base image", item.source().toString(), previous, now.imageId(), release, now.imageName());
  }

  private Observation observeComponent(WatchedItem.Component item) {
    List<ComponentVersionView> versions =
        new ComponentReader(clients.get(ImagebuilderClient.class, ImagebuilderClient::builder)).versions(item.name());
    String previousRaw = state.get(item.stateKey()).orElse(null);
    Optional<ComponentState> previous = ComponentState.decode(previousRaw);
    String source = "Image Builder component owned by Amazon";
    if (versions.isEmpty()) {
      ComponentState before =
          previous.orElseThrow(() -> new IllegalStateException("no version of " + item.name() + " is owned by Amazon in " + item.region()
              + " and it was never seen: check the name (ListComponents lists only ACTIVE versions)"));
      if (NOT_LISTED.equals(before.status())) {
        return new Observation(item, "component", source, previousRaw, previousRaw, null, null);
      }
      String news = item.name() + " is no longer listed as ACTIVE (was " + before.status()
          + (before.latestActiveVersion() == null ? "" : ", newest ACTIVE version " + before.latestActiveVersion())
          + ") — deprecated or disabled; recipes using it will fail: move them to a supported component";
      return new Observation(item, "component", source, previousRaw,
          new ComponentState(before.latestActiveVersion(), NOT_LISTED).encode(), null, news);
    }
    ComponentState now = ComponentState.of(versions);
    ComponentState before = previous.orElse(new ComponentState(null, "ACTIVE"));
    String news = previous.flatMap(p -> now.statusNews(item.name(), p)).orElse(null);
    HardeningComponentReleased release = null;
    if (now.releasedAfter(before)) {
      ComponentVersionView latest = ComponentState.latestActive(versions).orElseThrow();
      release = new HardeningComponentReleased(
          CustomDetail.SCHEMA_VERSION, item.name(), latest.arn(), before.latestActiveVersion(), latest.version(), latest.platform());
    }
    return new Observation(item, "component", source, previousRaw, now.encode(), release, news);
  }

  /**
   * Records what changed (compare-and-set) and announces a release right away; when the event cannot be
   * put, the record is undone at once so the next run finds the release again.
   */
  private ItemOutcome settle(Observation seen, String runId, Announcements announced) {
    if (seen.current().equals(seen.previous())) {
      return seen.outcome(Status.UNCHANGED);
    }
    boolean first = seen.previous() == null;
    CustomDetail event = first && !settings.emitOnFirstObservation() ? null : seen.release();
    if (event != null) {
      Optional<String> rejected = DetailCheck.problem(event);
      if (rejected.isPresent()) {
        LOG.error("release not recorded: its event would be rejected by pipeline-starter",
            entry("key", seen.item().stateKey()), entry("problem", rejected.get()), entry("triggerId", runId));
        return seen.outcome(Status.ERROR, "release found (" + (first ? "first seen" : seen.previous()) + " -> " + seen.current()
            + ") but its " + event.detailType() + " event would be rejected by pipeline-starter (" + rejected.get()
            + "); nothing recorded, the next run checks it again");
      }
    }
    String key = seen.item().stateKey();
    if (!state.advance(key, seen.previous(), seen.current(), runId)) {
      return seen.outcome(first ? Status.BASELINE : Status.CLAIMED_BY_ANOTHER_RUN);
    }
    if (event == null) {
      return seen.outcome(first ? Status.BASELINE : Status.STATUS_CHANGED);
    }
    Optional<String> notPut = announce(event, announced);
    if (notPut.isEmpty()) {
      return seen.outcome(Status.CHANGED);
    }
    return undo(seen, "release found but its event could not be put on the bus (" + notPut.get() + ")", runId);
  }

  /** Puts one event (changes are rare: one PutEvents each); empty when it was put, else why not. */
  private Optional<String> announce(CustomDetail event, Announcements announced) {
    try {
      EventPublisher.PublishResult put =
          events.publish(List.of(event), d -> d instanceof HardeningComponentReleased c ? List.of(c.componentArn()) : List.of());
      announced.published += put.published();
      put.failed().forEach(f -> announced.failures.add(f.detailType() + ": " + f.errorCode() + " " + f.errorMessage()));
      return put.failed().stream().findFirst().map(EventPublisher.FailedEvent::errorCode);
    } catch (RuntimeException e) {
      String why = AwsErrors.describe(e);
      LOG.error("custom event not published", entry("detailType", event.detailType()), entry("failure", why));
      announced.failures.add(event.detailType() + ": " + why);
      return Optional.of(why);
    }
  }

  /** Undoes the record of an unannounced change; a failure to undo is reported, never thrown. */
  private ItemOutcome undo(Observation seen, String why, String runId) {
    String key = seen.item().stateKey();
    try {
      boolean reverted = state.revert(key, seen.current(), seen.previous());
      return seen.outcome(Status.ERROR, why + (reverted
          ? "; the next run announces it again"
          : "; another run has since recorded a newer value and announces from there"));
    } catch (RuntimeException e) {
      String error = AwsErrors.describe(e);
      String repair = seen.previous() == null
          ? "delete item '" + key + "' from table " + state.table()
          : "set lastValue of item '" + key + "' in table " + state.table() + " back to '" + seen.previous() + "'";
      LOG.error("release recorded but neither announced nor undone: later runs will not announce it",
          entry("key", key), entry("recorded", seen.current()), entry("previous", seen.previous()), entry("failure", error),
          entry("triggerId", runId));
      return seen.outcome(Status.ERROR, why + ", and undoing its record failed (" + error
          + "): later runs will NOT announce it; " + repair + " so that the next run does");
    }
  }

  private static void log(ItemOutcome o, String triggerId) {
    LOG.info("watched item", entry("item", o), entry("triggerId", triggerId));
  }

  /** Configured base images in every factory region, discovered recipe parents, then components. */
  private List<WatchedItem> items(List<ItemOutcome> outcomes) {
    Set<WatchedItem> items = new LinkedHashSet<>();
    for (String region : settings.factoryRegions()) {
      Set<String> configuredParameters = new LinkedHashSet<>();
      for (WatchedBaseImage w : settings.baseImages()) {
        items.add(new WatchedItem.BaseImage(w.name(), region, w.source(), false));
        w.ssmParameter().ifPresent(configuredParameters::add);
      }
      if (settings.discoverPipelineParents()) {
        try {
          FactoryPipelines pipelines = new FactoryPipelines(clients.inRegion(region).get(ImagebuilderClient.class, ImagebuilderClient::builder));
          for (FactoryPipeline p : pipelines.listManaged()) {
            if (p.imageRecipeArn() == null) {
              continue;
            }
            pipelines.recipe(p.imageRecipeArn()).parentSsmParameter()
                .filter(path -> !configuredParameters.contains(path))
                .ifPresent(path -> items.add(new WatchedItem.BaseImage(path, region, new WatchedBaseImage.Source.SsmParameter(path), true)));
          }
        } catch (RuntimeException e) {
          outcomes.add(new ItemOutcome("discovery", "managed pipelines' recipe parents", region, "Image Builder", Status.ERROR, null, null, AwsErrors.describe(e)));
        }
      }
    }
    settings.components().forEach(c -> items.add(new WatchedItem.Component(c, settings.common().region())));
    return List.copyOf(items);
  }

  private WatchResult notify(WatchResult result) {
    if (!WatchNotification.worthSending(result)) {
      return result;
    }
    Notifier.Delivery delivery = notifier.tryPublish(WatchNotification.of(result, settings));
    return result.withNotification(delivery.messageId(), delivery.error());
  }

  private static String kind(WatchedItem item) {
    return item instanceof WatchedItem.Component ? "component" : "base image";
  }

  private static String source(WatchedItem item) {
    return item instanceof WatchedItem.BaseImage b ? b.source().toString() : "Image Builder component owned by Amazon";
  }
}
