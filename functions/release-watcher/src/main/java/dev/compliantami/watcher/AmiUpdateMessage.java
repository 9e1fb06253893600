package dev.compliantami.watcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.events.Json;
import dev.compliantami.events.SnsNotification;
import java.util.Iterator;

/**
 * Reads an AWS AMI-update announcement for the log and the notification only: the poll decides what is
 * new, so a message of an unexpected format changes nothing but this note.
 */
final class AmiUpdateMessage {
  private AmiUpdateMessage() {}

  static String describe(SnsNotification n) {
    String topic = n.topicArn().substring(n.topicArn().lastIndexOf(':') + 1);
    try {
      JsonNode v1 = Json.MAPPER.readTree(n.message()).path("v1");
      if (v1.isObject()) {
        String version = v1.path("ImageVersion").asText(v1.path("ReleaseVersion").asText("?"));
        int regions = 0;
        for (Iterator<String> it = v1.path("Regions").fieldNames(); it.hasNext(); it.next()) {
          regions++;
        }
        return "announced on " + topic + ": version " + version + " in " + regions + " region(s)";
      }
    } catch (Exception e) {
      // not JSON: fall through, the poll still runs
    }
    String subject = n.subject() == null ? "" : " (subject '" + n.subject() + "')";
    return "message on " + topic + subject + " was not in the expected format; polled anyway";
  }
}
