package dev.compliantami.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parts of Image Builder ARNs: {@code arn:aws:imagebuilder:<region>:<account|aws>:<type>/<name>[/<version>[/<build>]]}. */
public final class ImageBuilderArns {
  private static final Pattern ARN =
      Pattern.compile("arn:aws[a-z-]*:imagebuilder:[a-z0-9-]*:(aws|\\d{12}):([a-z-]+)/([^/]+)(?:/([^/]+))?(?:/(\\d+))?");

  private ImageBuilderArns() {}

  /** The resource name when {@code arn} is an Image Builder ARN of {@code type}. */
  public static Optional<String> resourceName(String arn, String type) {
    Matcher m = match(arn);
    return m != null && m.group(2).equals(type) ? Optional.of(m.group(3)) : Optional.empty();
  }

  /** The version node ({@code 1.2.3} or {@code x.x.x}), if the ARN has one. */
  public static Optional<String> version(String arn) {
    Matcher m = match(arn);
    return m == null ? Optional.empty() : Optional.ofNullable(m.group(4));
  }

  private static Matcher match(String arn) {
    if (arn == null) {
      return null;
    }
    Matcher m = ARN.matcher(arn);
    return m.matches() ? m : null;
  }
}
