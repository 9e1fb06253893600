package dev.compliantami.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Strict reads of one JSON object, each failure naming the JSON path. Strings are length-capped so a
 * hostile event cannot carry megabytes into logs, notifications or API calls.
 */
public final class JsonFields {
  public static final int MAX_TEXT = 2048;
  private static final int MAX_LIST = 1000;

  private final JsonNode node;
  private final String path;

  private JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Reads {@code node} as an object at {@code path}; anything else is malformed. */
  public static JsonFields object(JsonNode node, String path) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new MalformedEventException(path, "an object", "nothing");
    }
    if (!node.isObject()) {
      throw new MalformedEventException(path, "an object", kind(node));
    }
    return new JsonFields(node, path);
  }

  public String path() {
    return path;
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  public JsonFields object(String field) {
    return object(node.get(field), at(field));
  }

  public String text(String field) {
    return text(field, MAX_TEXT);
  }

  public String text(String field, int maxLength) {
    String v = optionalText(field, maxLength);
    if (v == null) {
      throw new MalformedEventException(at(field), "a non-empty string", "nothing");
    }
    return v;
  }

  public String text(String field, Pattern form, String formName) {
    String v = text(field);
    if (!form.matcher(v).matches()) {
      throw new MalformedEventException(at(field), formName, quote(v));
    }
    return v;
  }

  public String optionalText(String field) {
    return optionalText(field, MAX_TEXT);
  }

  public String optionalText(String field, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new MalformedEventException(at(field), "a string", kind(v));
    }
    String s = v.textValue();
    if (s.isBlank()) {
      throw new MalformedEventException(at(field), "a non-empty string", "an empty string");
    }
    if (s.length() > maxLength) {
      throw new MalformedEventException(at(field), "at most " + maxLength + " characters", s.length() + " characters");
    }
    return s;
  }

  public String optionalText(String field, Pattern form, String formName) {
    String v = optionalText(field);
    if (v != null && !form.matcher(v).matches()) {
      throw new MalformedEventException(at(field), formName, quote(v));
    }
    return v;
  }

  public Instant instant(String field) {
    Instant v = optionalInstant(field);
    if (v == null) {
      throw new MalformedEventException(at(field), "an ISO-8601 UTC time", "nothing");
    }
    return v;
  }

  public Instant optionalInstant(String field) {
    String v = optionalText(field, 64);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new MalformedEventException(at(field), "an ISO-8601 UTC time such as 2026-01-01T12:00:00Z", quote(v));
    }
  }

  public int integer(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new MalformedEventException(at(field), "an integer", "nothing");
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new MalformedEventException(at(field), "an integer", kind(v));
    }
    return v.intValue();
  }

  /** A list of strings; absent means empty. */
  public List<String> textList(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new MalformedEventException(at(field), "an array of strings", kind(v));
    }
    if (v.size() > MAX_LIST) {
      throw new MalformedEventException(at(field), "at most " + MAX_LIST + " items", v.size() + " items");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String itemPath = at(field) + "[" + i + "]";
      if (!item.isTextual() || item.textValue().isBlank()) {
        throw new MalformedEventException(itemPath, "a non-empty string", kind(item));
      }
      if (item.textValue().length() > MAX_TEXT) {
        throw new MalformedEventException(itemPath, "at most " + MAX_TEXT + " characters", item.textValue().length() + " characters");
      }
      out.add(item.textValue());
    }
    return List.copyOf(out);
  }

  public void requireInteger(String field, int expected) {
    if (integer(field) != expected) {
      throw new MalformedEventException(at(field), String.valueOf(expected), String.valueOf(integer(field)));
    }
  }

  public JsonNode raw(String field) {
    return node.get(field);
  }

  public String at(String field) {
    return path + "." + field;
  }

  static String kind(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isObject()) {
      return "an object";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isNumber()) {
      return "a number";
    }
    return v.getNodeType().name().toLowerCase();
  }

  private static String quote(String v) {
    return "'" + abbreviate(v) + "'";
  }

  /** At most 80 characters of {@code v}, for error messages. */
  public static String abbreviate(String v) {
    return v.length() > 80 ? v.substring(0, 80) + "…" : v;
  }
}
