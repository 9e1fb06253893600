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
    if (top.has("Records")) {
      return sns(top);
    }
    throw new MalformedEventException(
        "$", "an EventBridge event (with \"detail-type\"), a job invocation (with \"job\") or an SNS event (with \"Records\")", "none of these");
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

  /** Lambda's SNS event: exactly one record per invocation. */
  private static SnsNotification sns(JsonFields f) {
    JsonNode records = f.raw("Records");
    if (!records.isArray() || records.size() != 1) {
      throw new MalformedEventException(f.at("Records"), "an array with one SNS record", records.isArray() ? records.size() + " records" : JsonFields.kind(records));
    }
    JsonFields record = JsonFields.object(records.get(0), "$.Records[0]");
    String source = record.text("EventSource", 64);
    if (!source.equals("aws:sns")) {
      throw new MalformedEventException(record.at("EventSource"), "aws:sns", "'" + source + "'");
    }
    JsonFields sns = record.object("Sns");
    return new SnsNotification(
        sns.text("MessageId", 128),
        sns.text("TopicArn", 256),
        sns.optionalText("Subject", 256),
        sns.text("Message", 256 * 1024));
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
