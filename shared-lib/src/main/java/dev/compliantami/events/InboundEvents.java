package dev.compliantami.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** Parses a handler's raw input into an {@link EventEnvelope} or a {@link JobInvocation}. */
public final class InboundEvents {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
  private static final Pattern JOB = Pattern.compile("[a-z0-9-]{1,64}");

  private InboundEvents() {}

  /** @param input what the Lambda runtime deserialised (a Map), or a parsed JSON tree */
  public static InboundEvent parse(Object input) {
    JsonNode root = input instanceof JsonNode n ? n : Json.MAPPER.valueToTree(input);
    JsonFields top = JsonFields.object(root, "$");
    if (top.has("detail-type")) {
      return envelope(top);
    }
    if (top.has("job")) {
      return job(top);
    }
    throw new MalformedEventException(
        "$", "an EventBridge event (with \"detail-type\") or a job invocation (with \"job\")", "neither");
  }

  private static EventEnvelope envelope(JsonFields f) {
    return new EventEnvelope(
        f.text("id", ID, "an event id (1-128 of A-Z a-z 0-9 . _ : / -)"),
        f.text("detail-type", 128),
        f.text("source", 256),
        f.text("account", ACCOUNT, "a 12-digit account id"),
        f.instant("time"),
        f.text("region", REGION, "an AWS region name"),
        f.textList("resources"),
        detail(f));
  }

  /** EventBridge Scheduler's default payload carries {@code "detail": "{}"} as a string; accept that form. */
  private static JsonNode detail(JsonFields f) {
    JsonNode d = f.raw("detail");
    if (d != null && d.isTextual() && d.textValue().length() <= JsonFields.MAX_TEXT) {
      try {
        d = Json.MAPPER.readTree(d.textValue());
      } catch (JsonProcessingException e) {
        throw new MalformedEventException(f.at("detail"), "an object", "a string that is not JSON");
      }
    }
    JsonFields.object(d, f.at("detail"));
    return d;
  }

  private static JobInvocation job(JsonFields f) {
    String job = f.text("job", JOB, "a job name (lower-case letters, digits, -)");
    String executionId = f.optionalText("executionId", ID, "a scheduler execution id");
    String requestId = f.optionalText("requestId", ID, "a request id (1-128 of A-Z a-z 0-9 . _ : / -)");
    if (executionId == null && requestId == null) {
      throw new MalformedEventException(
          "$.executionId", "a scheduler execution id (or $.requestId for a manual run)", "nothing");
    }
    return new JobInvocation(
        job,
        executionId != null ? executionId : requestId,
        executionId != null,
        f.optionalInstant("scheduledTime"),
        f.optionalText("scheduleArn"),
        f.textList("targets"));
  }
}
