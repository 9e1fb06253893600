package dev.compliantami.report;

import java.time.Instant;

/**
 * One instance as the report needs it: a flat record built while the {@code DescribeInstances} pages stream by
 * (no SDK object is kept). {@code image} is shared with every other row on the same image.
 *
 * @param firstLaunch when the instance was first launched, by {@code ageBasis} (shared InstanceAge definition)
 * @param exemptUntil raw {@code compliant-ami:exempt-until} tag, or null
 * @param exemptReason raw {@code compliant-ami:exempt-reason} tag, or null
 * @param ssmManaged known to Systems Manager ({@code DescribeInstanceInformation})
 * @param bastion a security group admits 22 or 3389 from 0.0.0.0/0 or ::/0
 * @param currentImage the image is the value of a {@code /compliant-ami/latest/*} parameter in this account/region
 */
record InstanceRow(
    String accountId, String region, String instanceId, String name, String state, String autoScalingGroup,
    Instant launchTime, Instant firstLaunch, String ageBasis, String instanceType, String platformDetails,
    String exemptUntil, String exemptReason, boolean ssmManaged, boolean bastion, boolean currentImage, ImageInfo image) {}
