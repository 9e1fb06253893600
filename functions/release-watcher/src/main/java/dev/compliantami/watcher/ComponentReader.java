package dev.compliantami.watcher;

import dev.compliantami.policy.ComponentVersionView;
import java.util.List;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.Filter;
import software.amazon.awssdk.services.imagebuilder.model.Ownership;

/** Every version of an AWS-managed component, all pages of {@code ListComponents(owner=Amazon)}. */
final class ComponentReader {
  private final ImagebuilderClient imagebuilder;

  ComponentReader(ImagebuilderClient imagebuilder) {
    this.imagebuilder = imagebuilder;
  }

  List<ComponentVersionView> versions(String name) {
    return imagebuilder
        .listComponentsPaginator(r -> r.owner(Ownership.AMAZON).filters(Filter.builder().name("name").values(name).build()).maxResults(25))
        .componentVersionList().stream()
        .filter(c -> name.equals(c.name()))
        .map(c -> new ComponentVersionView(c.name(), c.version(), c.arn(), c.platformAsString(), c.statusAsString()))
        .toList();
  }
}
