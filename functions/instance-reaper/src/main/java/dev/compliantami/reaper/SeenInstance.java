package dev.compliantami.reaper;

import dev.compliantami.policy.Exemption;
import dev.compliantami.policy.InstanceAge;
import java.time.Instant;
import java.util.Map;

/** One instance as the selection saw it (one DescribeInstances page entry, nothing else). */
record SeenInstance(String instanceId, String state, Instant launchTime, InstanceAge age, String autoScalingGroup,
    Map<String, String> tags, Exemption exemption) {}
