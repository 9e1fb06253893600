package dev.compliantami.watcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.aws.AwsErrors;
import dev.compliantami.events.BaseImageUpdated;
import dev.compliantami.events.CustomDetail;
import dev.compliantami.events.HardeningComponentReleased;
import dev.compliantami.events.Json;
import dev.compliantami.events.JsonFields;
import dev.compliantami.events.MalformedEventException;
import java.util.Optional;

/**
 * Reads an event detail back through the parser of its consumer (pipeline-starter) before it is emitted, so
 * a release whose detail would be rejected there (an image without a name or creation date, a component
 * version without a platform, …) is reported and retried instead of being announced into the void.
 */
final class DetailCheck {
  private DetailCheck() {}

  /** Why the consumer would reject {@code detail}; empty when it reads it. */
  static Optional<String> problem(CustomDetail detail) {
    try {
      JsonNode node = Json.MAPPER.valueToTree(detail);
      JsonFields fields = JsonFields.object(node, "$.detail");
      switch (detail) {
        case BaseImageUpdated b -> BaseImageUpdated.parse(fields);
        case HardeningComponentReleased h -> HardeningComponentReleased.parse(fields);
        default -> throw new IllegalArgumentException("release-watcher does not emit " + detail.detailType());
      }
      return Optional.empty();
    } catch (MalformedEventException e) {
      return Optional.of(e.getMessage());
    } catch (RuntimeException e) {
      return Optional.of(AwsErrors.describe(e));
    }
  }
}
