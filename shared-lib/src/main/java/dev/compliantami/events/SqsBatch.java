package dev.compliantami.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lambda's SQS event ({@code {"Records":[{"messageId","body","eventSource":"aws:sqs",…}]}}) read strictly. The batch
 * itself must be well formed (else {@link MalformedEventException}); each message's body is parsed on its own by
 * {@link Message#envelope()}, so one malformed message fails only itself ({@code batchItemFailures}).
 */
public record SqsBatch(List<Message> messages) {
  /** Lambda delivers at most 10,000 messages per batch. */
  static final int MAX_MESSAGES = 10_000;
  private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  /** An SQS message body is at most 256 KiB (1 MiB with the newer limit). */
  private static final int MAX_BODY = 1024 * 1024;

  public SqsBatch {
    messages = List.copyOf(messages);
  }

  /** One SQS message: its id (what {@code batchItemFailures} names) and its raw body. */
  public record Message(String messageId, String body, int index) {

    /** The body as an EventBridge envelope; errors name the path from {@code $.Records[i].body}. */
    public EventEnvelope envelope() {
      String at = "$.Records[" + index + "].body";
      JsonNode tree;
      try {
        tree = Json.MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new MalformedEventException(at, "a JSON EventBridge event", "text that is not JSON");
      }
      if (tree == null || !tree.isObject() || !tree.has("detail-type")) {
        throw new MalformedEventException(at, "an EventBridge event (an object with \"detail-type\")", tree == null ? "nothing" : JsonFields.kind(tree));
      }
      try {
        return (EventEnvelope) InboundEvents.parse(tree);
      } catch (MalformedEventException e) {
        throw e.under(at);
      }
    }
  }

  /** True when {@code input} looks like an SQS event (a {@code Records} array whose first record is from {@code aws:sqs}). */
  public static boolean looksLikeSqs(Object input) {
    JsonNode root = input instanceof JsonNode n ? n : Json.MAPPER.valueToTree(input);
    JsonNode records = root == null ? null : root.get("Records");
    return records != null && records.isArray() && !records.isEmpty() && records.get(0).isObject()
        && "aws:sqs".equals(records.get(0).path("eventSource").asText(null));
  }

  /** The batch; every record must carry a message id and a string body from {@code aws:sqs}. */
  public static SqsBatch parse(Object input) {
    JsonNode root = input instanceof JsonNode n ? n : Json.MAPPER.valueToTree(input);
    JsonFields top = JsonFields.object(root, "$");
    JsonNode records = top.raw("Records");
    if (records == null || !records.isArray()) {
      throw new MalformedEventException("$.Records", "an array of SQS records", JsonFields.kind(records));
    }
    if (records.size() > MAX_MESSAGES) {
      throw new MalformedEventException("$.Records", "at most " + MAX_MESSAGES + " records", records.size() + " records");
    }
    List<Message> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      JsonFields r = JsonFields.object(records.get(i), "$.Records[" + i + "]");
      String source = r.text("eventSource", 64);
      if (!source.equals("aws:sqs")) {
        throw new MalformedEventException(r.at("eventSource"), "aws:sqs", "'" + JsonFields.abbreviate(source) + "'");
      }
      String id = r.text("messageId", MESSAGE_ID, "an SQS message id");
      JsonNode body = r.raw("body");
      if (body == null || !body.isTextual()) {
        throw new MalformedEventException(r.at("body"), "a string", JsonFields.kind(body));
      }
      if (body.textValue().length() > MAX_BODY) {
        throw new MalformedEventException(r.at("body"), "at most " + MAX_BODY + " characters", body.textValue().length() + " characters");
      }
      out.add(new Message(id, body.textValue(), i));
    }
    return new SqsBatch(out);
  }
}
