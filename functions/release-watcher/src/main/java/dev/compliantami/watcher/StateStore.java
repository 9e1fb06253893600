package dev.compliantami.watcher;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The last value seen per watched item, in the suite's DynamoDB table. Every change is a
 * compare-and-set, so of two overlapping runs that saw the same change only one records it — and only
 * that one emits the event.
 */
final class StateStore {
  private static final String VALUE = "lastValue";

  private final DynamoDbClient dynamo;
  private final String table;

  StateStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  Optional<String> get(String key) {
    Map<String, AttributeValue> item =
        dynamo.getItem(r -> r.tableName(table).key(key(key)).consistentRead(true)).item();
    return Optional.ofNullable(item.get(VALUE)).map(AttributeValue::s);
  }

  /**
   * Records {@code next} if the remembered value is still {@code expected} (null: nothing remembered).
   *
   * @return false when another run changed it first
   */
  boolean advance(String key, String expected, String next, String runId) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":next", s(next));
    values.put(":now", s(Instant.now().toString()));
    values.put(":run", s(runId));
    if (expected != null) {
      values.put(":expected", s(expected));
    }
    try {
      dynamo.updateItem(
          r -> r.tableName(table)
              .key(key(key))
              .updateExpression("SET #v = :next, updatedAt = :now, updatedBy = :run")
              .conditionExpression(expected == null ? "attribute_not_exists(#v)" : "#v = :expected")
              .expressionAttributeNames(Map.of("#v", VALUE))
              .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /**
   * Undoes {@link #advance} when the change could not be announced, so the next run finds it again.
   *
   * @return false when another run has since recorded a newer value (its value stands)
   * @throws software.amazon.awssdk.core.exception.SdkException when the table could not be updated: the
   *     value {@code from} is still recorded and later runs will not see the change
   */
  boolean revert(String key, String from, String to) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":from", s(from), ":now", s(Instant.now().toString())));
    if (to != null) {
      values.put(":to", s(to));
    }
    try {
      dynamo.updateItem(
          r -> r.tableName(table)
              .key(key(key))
              .updateExpression(to == null ? "REMOVE #v SET updatedAt = :now" : "SET #v = :to, updatedAt = :now")
              .conditionExpression("#v = :from")
              .expressionAttributeNames(Map.of("#v", VALUE))
              .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  String table() {
    return table;
  }

  private static Map<String, AttributeValue> key(String key) {
    return Map.of("pk", s(key));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }
}
