package dev.compliantami.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** The EventBridge envelope common to AWS service events and the suite's custom events. */
public record EventEnvelope(
    String id,
    String detailType,
    String source,
    String account,
    Instant time,
    String region,
    List<String> resources,
    JsonNode detail)
    implements InboundEvent {

  @Override
  public String triggerId() {
    return id;
  }

  /** The detail as strictly-read fields, paths starting at {@code $.detail}. */
  public JsonFields detailFields() {
    return JsonFields.object(detail, "$.detail");
  }
}
