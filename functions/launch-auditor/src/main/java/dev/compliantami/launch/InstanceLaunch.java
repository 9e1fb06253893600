package dev.compliantami.launch;

import dev.compliantami.events.EventEnvelope;
import dev.compliantami.events.JsonFields;
import dev.compliantami.events.MalformedEventException;
import dev.compliantami.fleet.Target;
import java.util.Set;
import java.util.regex.Pattern;

/** One {@code EC2 Instance State-change Notification} (pending or running) from one SQS message. */
record InstanceLaunch(String messageId, String eventId, Target target, String instanceId, String state) {
  static final String DETAIL_TYPE = "EC2 Instance State-change Notification";
  static final Set<String> LAUNCH_STATES = Set.of("pending", "running");
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
  private static final Pattern STATE = Pattern.compile("pending|running|stopping|stopped|shutting-down|terminated");

  static boolean isStateChange(EventEnvelope e) {
    return "aws.ec2".equals(e.source()) && DETAIL_TYPE.equals(e.detailType());
  }

  /** @throws MalformedEventException naming the field under {@code $.Records[i].body.detail} */
  static InstanceLaunch of(String messageId, int index, EventEnvelope e) {
    try {
      JsonFields d = e.detailFields();
      return new InstanceLaunch(messageId, e.id(), new Target(e.account(), e.region()),
          d.text("instance-id", INSTANCE_ID, "an instance id (i- and 8 or 17 hex digits)"),
          d.text("state", STATE, "an EC2 instance state name"));
    } catch (MalformedEventException m) {
      throw m.under("$.Records[" + index + "].body");
    }
  }
}
