package dev.compliantami.fleet;

/** The AWS partition of a region, for building ARNs. */
public final class Partitions {
  private Partitions() {}

  /** {@code aws-us-gov} for us-gov-*, {@code aws-cn} for cn-*, the ISO partitions for theirs, else {@code aws}. */
  public static String of(String region) {
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-isob-")) {
      return "aws-iso-b";
    }
    if (region.startsWith("us-isof-")) {
      return "aws-iso-f";
    }
    if (region.startsWith("eu-isoe-")) {
      return "aws-iso-e";
    }
    if (region.startsWith("us-iso-")) {
      return "aws-iso";
    }
    return "aws";
  }

  /** {@code arn:<partition>:iam::<account>:role/<name>}. */
  public static String roleArn(String region, String accountId, String roleName) {
    return "arn:" + of(region) + ":iam::" + accountId + ":role/" + roleName;
  }
}
