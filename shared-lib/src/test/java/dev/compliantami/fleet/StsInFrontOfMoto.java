package dev.compliantami.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.compliantami.testing.MotoServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Points this JVM's SDK clients at moto through the SDK's own system properties ({@code aws.endpointUrl}), except
 * STS, which goes to a WireMock that proxies to moto and can refuse AssumeRole for chosen accounts with the real STS
 * {@code AccessDenied} error (moto's AssumeRole never checks that the role exists or trusts the caller). Restores
 * the properties on close.
 */
final class StsInFrontOfMoto implements AutoCloseable {
  private static final List<String> PROPERTIES = List.of("aws.endpointUrl", "aws.endpointUrlSts");

  private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private final Map<String, String> previous = new HashMap<>();

  StsInFrontOfMoto(MotoServer moto) {
    server.start();
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint())));
    PROPERTIES.forEach(p -> previous.put(p, System.getProperty(p)));
    System.setProperty("aws.endpointUrl", moto.endpoint());
    System.setProperty("aws.endpointUrlSts", server.baseUrl());
  }

  /** AssumeRole of any role in {@code accountId} answers 403 AccessDenied, as STS does for a missing role. */
  void denyAssumeRole(String accountId, String roleName, String callerArn) {
    String roleArn = "arn:aws:iam::" + accountId + ":role/" + roleName;
    server.stubFor(post(anyUrl()).atPriority(1)
        .withRequestBody(containing("Action=AssumeRole"))
        .withRequestBody(containing("RoleArn=" + URLEncoder.encode(roleArn, StandardCharsets.UTF_8)))
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody("""
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error>
                <Type>Sender</Type>
                <Code>AccessDenied</Code>
                <Message>User: %s is not authorized to perform: sts:AssumeRole on resource: %s</Message>
              </Error>
              <RequestId>4f0a9d2e-6b1c-4f7e-9d1a-2c3b4d5e6f70</RequestId>
            </ErrorResponse>
            """.formatted(callerArn, roleArn))));
  }

  /** The form bodies of the AssumeRole requests seen so far. */
  List<String> assumeRoleRequests() {
    return server.findAll(anyRequestedFor(anyUrl()).withRequestBody(containing("Action=AssumeRole"))).stream()
        .map(LoggedRequest::getBodyAsString).toList();
  }

  void clearJournal() {
    server.resetRequests();
  }

  @Override
  public void close() {
    previous.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
    server.stop();
  }
}
