package dev.compliantami.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic idempotency tokens: the same trigger and target always give the same token, so a
 * redelivered event cannot start a second build. SHA-256 hex is exactly 64 characters, Image
 * Builder's maximum.
 */
public final class ClientTokens {
  private ClientTokens() {}

  public static String of(String triggerId, String target) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((triggerId + "\n" + target).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
