package dev.compliantami.testing;

import com.github.tomakehurst.wiremock.http.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the stubs read off an AWS request on the wire: Query-protocol parameters and the SigV4 credential scope. */
public final class AwsWire {
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

  private AwsWire() {}

  /** The SigV4 credential scope of a signed request. */
  public record Scope(String accessKeyId, String region, String service) {}

  /** The request's credential scope, or null when it is not SigV4-signed. */
  public static Scope scope(Request request) {
    String authorization = request.getHeader("Authorization");
    Matcher m = authorization == null ? null : CREDENTIAL.matcher(authorization);
    return m != null && m.find() ? new Scope(m.group(1), m.group(2), m.group(3)) : null;
  }

  /** The signing name of the service the request is for (e.g. {@code ec2}, {@code autoscaling}), or {@code unknown}. */
  public static String service(Request request, String unknown) {
    Scope scope = scope(request);
    return scope == null ? unknown : scope.service();
  }

  /** Decoded {@code application/x-www-form-urlencoded} pairs (a Query-protocol body or a URL query); empty for JSON. */
  public static Map<String, String> form(String encoded) {
    Map<String, String> params = new LinkedHashMap<>();
    if (encoded == null || encoded.startsWith("{")) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  /** The Query parameters of a request: its URL query, then its body when that is form-encoded. */
  public static Map<String, String> queryParameters(Request request) {
    String url = request.getUrl();
    Map<String, String> params = form(url.contains("?") ? url.substring(url.indexOf('?') + 1) : "");
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
      params.putAll(form(request.getBodyAsString()));
    }
    return params;
  }
}
