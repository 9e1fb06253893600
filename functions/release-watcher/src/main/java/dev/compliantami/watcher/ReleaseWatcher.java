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
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** One polling run: read every watched item, record changes with compare-and-set, announce them. */
final class ReleaseWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseWatcher.class);

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

  /** An emitted event and how to undo the state change behind it if the event cannot be put. */
  private record Pending(int outcome, String key, String previous, String current) {}

  WatchResult run(String trigger, String triggerId, String snsNote) {
    List<ItemOutcome> outcomes = new ArrayList<>();
    List<CustomDetail> toEmit = new ArrayList<>();
    Map<CustomDetail, Pending> pending = new IdentityHashMap<>();

    for (WatchedItem item : items(outcomes)) {
      try {
        Check check =
            switch (item) {
              case WatchedItem.BaseImage b -> checkBaseImage(b, triggerId);
              case WatchedItem.Component c -> checkComponent(c, triggerId);
            };
        outcomes.add(check.outcome());
        if (check.event() != null) {
          toEmit.add(check.event());
          pending.put(check.event(), new Pending(outcomes.size() - 1, item.stateKey(), check.outcome().previous(), check.outcome().current()));
        }
      } catch (RuntimeException e) {
        outcomes.add(new ItemOutcome(kind(item), item.name(), item.region(), source(item), Status.ERROR, null, null, AwsErrors.describe(e)));
      }
    }

    EventPublisher.PublishResult published =
        toEmit.isEmpty() ? new EventPublisher.PublishResult(0, List.of()) : events.publish(toEmit, d -> d instanceof HardeningComponentReleased c ? List.of(c.componentArn()) : List.of());
    for (EventPublisher.FailedEvent f : published.failed()) {
      Pending p = pending.get(f.detail());
      state.revert(p.key(), p.current(), p.previous());
      ItemOutcome o = outcomes.get(p.outcome());
      outcomes.set(p.outcome(), new ItemOutcome(o.kind(), o.name(), o.region(), o.source(), Status.ERROR, o.current(), o.previous(),
          "release found but its event could not be put on the bus (" + f.errorCode() + "); the next run announces it again"));
    }
    outcomes.forEach(o -> LOG.info("watched item", entry("item", o), entry("triggerId", triggerId)));

    WatchResult result =
        new WatchResult(trigger, triggerId, null, snsNote, List.copyOf(outcomes), published.published(),
            published.failed().stream().map(f -> f.detailType() + ": " + f.errorCode() + " " + f.errorMessage()).toList(), null, null);
    return notify(result);
  }

  private record Check(ItemOutcome outcome, CustomDetail event) {}

  private Check checkBaseImage(WatchedItem.BaseImage item, String runId) {
    AwsClients regional = clients.inRegion(item.region());
    BaseImageReader.CurrentImage now =
        new BaseImageReader(regional.get(SsmClient.class, SsmClient::builder), regional.get(Ec2Client.class, Ec2Client::builder))
            .read(item.source());
    String previous = state.get(item.stateKey()).orElse(null);
    Status status = decide(item.stateKey(), previous, now.imageId(), runId);
    BaseImageUpdated event =
        status == Status.CHANGED
            ? new BaseImageUpdated(CustomDetail.SCHEMA_VERSION, item.name(), item.region(), previous, now.imageId(), now.imageName(),
                now.creationDate(), now.sourceKind())
            : null;
    return new Check(
        new ItemOutcome("base image", item.name(), item.region(), item.source().toString(), status, now.imageId(), previous, now.imageName()),
        event);
  }

  private Check checkComponent(WatchedItem.Component item, String runId) {
    List<ComponentVersionView> versions =
        new ComponentReader(clients.get(ImagebuilderClient.class, ImagebuilderClient::builder)).versions(item.name());
    if (versions.isEmpty()) {
      throw new IllegalStateException("no version of " + item.name() + " is owned by Amazon in " + item.region());
    }
    ComponentState now = ComponentState.of(versions);
    String previousRaw = state.get(item.stateKey()).orElse(null);
    Optional<ComponentState> previous = ComponentState.decode(previousRaw);
    Status status = decide(item.stateKey(), previousRaw, now.encode(), runId);
    String source = "Image Builder component owned by Amazon";
    if (status != Status.CHANGED) {
      return new Check(new ItemOutcome("component", item.name(), item.region(), source, status, now.encode(), previousRaw, null), null);
    }
    ComponentState before = previous.orElse(new ComponentState(null, "ACTIVE"));
    String news = previous.flatMap(p -> now.statusNews(item.name(), p)).orElse(null);
    if (!now.releasedAfter(before)) {
      return new Check(new ItemOutcome("component", item.name(), item.region(), source, Status.STATUS_CHANGED, now.encode(), previousRaw, news), null);
    }
    ComponentVersionView latest = ComponentState.latestActive(versions).orElseThrow();
    HardeningComponentReleased event =
        new HardeningComponentReleased(CustomDetail.SCHEMA_VERSION, item.name(), latest.arn(), before.latestActiveVersion(), latest.version(), latest.platform());
    return new Check(new ItemOutcome("component", item.name(), item.region(), source, Status.CHANGED, now.encode(), previousRaw, news), event);
  }

  /** BASELINE / UNCHANGED / CHANGED, with the state advanced by compare-and-set. */
  private Status decide(String key, String previous, String current, String runId) {
    if (current.equals(previous)) {
      return Status.UNCHANGED;
    }
    boolean won = state.advance(key, previous, current, runId);
    if (previous == null) {
      return won && settings.emitOnFirstObservation() ? Status.CHANGED : Status.BASELINE;
    }
    return won ? Status.CHANGED : Status.CLAIMED_BY_ANOTHER_RUN;
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
