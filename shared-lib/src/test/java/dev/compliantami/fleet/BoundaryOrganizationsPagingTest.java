package dev.compliantami.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * What moto cannot show: empty pages that still carry a NextToken (real Organizations does this), and every account
 * state besides ACTIVE. A WireMock Organizations answers the JSON protocol.
 */
class BoundaryOrganizationsPagingTest {
  private static final String TARGET = "AWSOrganizationsV20161128.";
  private WireMockServer server;
  private OrganizationsClient organizations;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    organizations = OrganizationsClient.builder().endpointOverride(URI.create(server.baseUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  @AfterEach
  void stop() {
    organizations.close();
    server.stop();
  }

  @Test
  void emptyPagesWithATokenAreFollowedAndOnlyActiveAccountsKept() {
    page("ListAccountsForParent", null, "{\"Accounts\":[],\"NextToken\":\"t1\"}");
    page("ListAccountsForParent", "t1", """
        {"Accounts":[
          {"Id":"111111111111","State":"ACTIVE","Status":"ACTIVE"},
          {"Id":"222222222222","State":"SUSPENDED","Status":"SUSPENDED"},
          {"Id":"333333333333","State":"PENDING_CLOSURE","Status":"PENDING_CLOSURE"}],
         "NextToken":"t2"}""");
    page("ListAccountsForParent", "t2", "{\"Accounts\":[],\"NextToken\":\"t3\"}");
    page("ListAccountsForParent", "t3", """
        {"Accounts":[
          {"Id":"444444444444","State":"CLOSED"},
          {"Id":"555555555555","State":"PENDING_ACTIVATION"},
          {"Id":"666666666666","Status":"ACTIVE"},
          {"Id":"777777777777","State":"ACTIVE","Status":"SUSPENDED"},
          {"Id":"000000000001","State":"ACTIVE"}]}""");
    page("ListChildren", null, "{\"Children\":[],\"NextToken\":\"c1\"}");
    page("ListChildren", "c1", "{\"Children\":[]}");

    assertThat(new OrganizationAccounts(organizations, 20).activeAccountIds(List.of("ou-ab12-cdef3456")))
        // State decides; the retired Status only where an endpoint sends no State
        .containsExactly("000000000001", "111111111111", "666666666666", "777777777777");
    server.verify(4, postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(TARGET + "ListAccountsForParent"))
        .withRequestBody(matchingJsonPath("$.MaxResults", equalTo("20"))));
    server.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "ListChildren"))
        .withRequestBody(matchingJsonPath("$.ChildType", equalTo("ORGANIZATIONAL_UNIT"))));
  }

  private void page(String operation, String token, String body) {
    var request = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation));
    request = token == null
        ? request.atPriority(5) // the first page: whatever no token-specific stub answers
        : request.withRequestBody(matchingJsonPath("$.NextToken", equalTo(token))).atPriority(1);
    server.stubFor(request.willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
  }
}
