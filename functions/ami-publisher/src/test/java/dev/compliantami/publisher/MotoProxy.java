package dev.compliantami.publisher;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * WireMock in front of moto for EC2 and STS: everything is proxied to moto except what moto lacks
 * ({@code EnableImageDeprecation}, served in EC2's real XML) and what a test wants to fail (AssumeRole
 * into one member account, answered with STS's real {@code AccessDenied}).
 */
final class MotoProxy implements AutoCloseable {
  private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  MotoProxy(String motoEndpoint) {
    server.start();
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(motoEndpoint)));
    server.stubFor(post(anyUrl()).atPriority(1).withRequestBody(containing("Action=EnableImageDeprecation"))
        .willReturn(aResponse().withHeader("Content-Type", "text/xml;charset=UTF-8").withBody("""
            <?xml version="1.0" encoding="UTF-8"?>
            <EnableImageDeprecationResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
              <requestId>59dbff89-35bd-4eac-99ed-be587example</requestId>
              <return>true</return>
            </EnableImageDeprecationResponse>""")));
    System.setProperty("aws.endpointUrlEc2", server.baseUrl());
    System.setProperty("aws.endpointUrlSts", server.baseUrl());
  }

  /** AssumeRole into {@code accountId} fails as it does when the member role is missing. */
  void denyAssumeRole(String accountId) {
    server.stubFor(post(anyUrl()).atPriority(1).withRequestBody(containing("Action=AssumeRole")).withRequestBody(containing(accountId))
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody("""
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>AccessDenied</Code>
                <Message>User: arn:aws:sts::123456789012:assumed-role/compliant-ami-AmiPublisherRole/fn is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::%s:role/compliant-ami-member</Message>
              </Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
            </ErrorResponse>""".formatted(accountId))));
  }

  /**
   * DescribeSnapshots reports {@code snapshotId} as encrypted with {@code kmsKeyId} (moto's RegisterImage
   * does not keep a snapshot's key).
   */
  void encryptedSnapshot(String snapshotId, String kmsKeyId) {
    server.stubFor(post(anyUrl()).atPriority(1).withRequestBody(containing("Action=DescribeSnapshots")).withRequestBody(containing(snapshotId))
        .willReturn(aResponse().withHeader("Content-Type", "text/xml;charset=UTF-8").withBody("""
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeSnapshotsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
              <requestId>6b4f2a94-4f8c-4b8e-9a55-example</requestId>
              <snapshotSet>
                <item>
                  <snapshotId>%s</snapshotId>
                  <volumeId>vol-0123456789abcdef0</volumeId>
                  <status>completed</status>
                  <startTime>2026-12-03T09:00:00.000Z</startTime>
                  <progress>100%%</progress>
                  <ownerId>123456789012</ownerId>
                  <volumeSize>8</volumeSize>
                  <encrypted>true</encrypted>
                  <kmsKeyId>%s</kmsKeyId>
                </item>
              </snapshotSet>
            </DescribeSnapshotsResponse>""".formatted(snapshotId, kmsKeyId))));
  }

  /** The image ids {@code EnableImageDeprecation} was called for, in call order. */
  java.util.List<String> deprecated() {
    return server.findAll(postRequestedFor(anyUrl()).withRequestBody(containing("Action=EnableImageDeprecation"))).stream()
        .map(r -> r.getBodyAsString().replaceAll(".*ImageId=([^&]+).*", "$1"))
        .toList();
  }

  @Override
  public void close() {
    System.clearProperty("aws.endpointUrlEc2");
    System.clearProperty("aws.endpointUrlSts");
    server.stop();
  }
}
