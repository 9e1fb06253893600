package dev.compliantami.report;

import static dev.compliantami.report.FleetStub.CENTRAL;
import static dev.compliantami.report.TestFleet.BUCKET;
import static dev.compliantami.report.TestFleet.M1;
import static dev.compliantami.report.TestFleet.M2;
import static dev.compliantami.report.TestFleet.M3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.events.Json;
import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.EventCapture;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * fleet-report over 4 accounts × 2 regions ({@link TestFleet}): moto for STS, SSM parameters, S3, SNS and
 * EventBridge; {@link FleetStub} for the EC2 reads moto cannot model across accounts. One run, many checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetReportIntegrationTest {
  private LocalAws aws;
  private FleetStub stub;
  private SnsCapture topic;
  private EventCapture bus;
  private ReportResult result;
  private JsonNode report;

  @BeforeAll
  void runOnce() throws Exception {
    aws = LocalAws.start();
    aws.routeSdkClients();
    stub = new FleetStub(aws.moto().endpoint(), true).route();
    topic = aws.notifications("security");
    bus = aws.bus("suite");
    TestFleet.seed(stub, aws);
    FleetReportHandler h = new FleetReportHandler(TestFleet.env(topic.topicArn(), bus.busName()));
    result = h.handleRequest(Map.of("job", "fleet-report", "period", "weekly", "executionId", "exec-1",
        "scheduledTime", TestFleet.AS_OF.toString()), new LocalContext("fleet-report", 900, 1024));
    report = Json.MAPPER.readTree(object("reports/2026/03/02/weekly/report.json"));
  }

  @AfterAll
  void tearDown() {
    stub.close();
    aws.close();
  }

  private String object(String key) {
    return aws.client(S3Client.class, S3Client::builder).getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
  }

  private static Map<String, Long> shares(JsonNode array) {
    Map<String, Long> m = new LinkedHashMap<>();
    array.forEach(s -> m.put(s.get("key").asText(), s.get("instances").asLong()));
    return m;
  }

  @Test
  void totalsAreExact() {
    JsonNode t = report.get("totals");
    assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(report.get("period").asText()).isEqualTo("weekly");
    assertThat(report.get("reportDate").asText()).isEqualTo("2026-03-02");
    assertThat(t.get("instances").asLong()).isEqualTo(11);
    assertThat(t.get("compliant").asLong()).isEqualTo(4);
    assertThat(t.get("exempt").asLong()).isEqualTo(1);
    assertThat(t.get("violations").asLong()).isEqualTo(6);
    assertThat(t.get("compliantPercent").asDouble()).isEqualTo(36.4);
    assertThat(t.get("overMaxAge").asLong()).isEqualTo(3);
    assertThat(t.get("nearMaxAge").asLong()).isEqualTo(1);
    assertThat(t.get("validExemptions").asLong()).isEqualTo(1);
    assertThat(t.get("brokenExemptions").asLong()).isEqualTo(1);
    assertThat(t.get("notSsmManaged").asLong()).isEqualTo(5);
    assertThat(t.get("likelyBastions").asLong()).isEqualTo(2);
    assertThat(t.get("distinctImages").asLong()).isEqualTo(9);
    assertThat(t.get("targets").asLong()).isEqualTo(8);
    assertThat(t.get("unreadableTargets").asLong()).isEqualTo(2);
  }

  @Test
  void perAccountAndWorstAccounts() {
    List<String> rows = new ArrayList<>();
    report.get("accounts").forEach(a -> rows.add(a.get("accountId").asText() + " " + a.get("instances") + "/" + a.get("compliant") + "/"
        + a.get("exempt") + "/" + a.get("violations") + " " + a.get("compliantPercent")));
    assertThat(rows).containsExactly(
        M1 + " 6/2/1/3 33.3", CENTRAL + " 2/1/0/1 50.0", M2 + " 3/1/0/2 33.3", M3 + " 0/0/0/0 null");
    assertThat(report.get("worstAccounts")).extracting(JsonNode::asText).containsExactly(M1, M2, CENTRAL);
  }

  @Test
  void providersOperatingSystemsAndReasons() {
    assertThat(shares(report.get("providers"))).containsExactly(Map.entry("factory", 5L), Map.entry("amazon", 1L),
        Map.entry("marketplace", 1L), Map.entry("other-account", 2L), Map.entry("own-account", 1L), Map.entry("unknown", 1L));
    assertThat(report.get("providers").get(0).get("percent").asDouble()).isEqualTo(45.5);
    assertThat(shares(report.get("operatingSystems"))).containsExactly(Map.entry("Amazon Linux 2023", 4L), Map.entry("CentOS 7", 1L),
        Map.entry("Debian 12", 1L), Map.entry("Linux (unidentified)", 1L), Map.entry("Red Hat Enterprise Linux 9.3", 1L),
        Map.entry("SUSE Linux Enterprise Server 15-SP5", 1L), Map.entry("Ubuntu 22.04", 1L), Map.entry("Windows Server 2022", 1L));
    assertThat(shares(report.get("reasons"))).containsExactly(Map.entry("PROVIDER_NOT_APPROVED", 4L), Map.entry("IMAGE_TOO_OLD", 2L),
        Map.entry("EXEMPTION_EXPIRED", 1L), Map.entry("IMAGE_DEREGISTERED", 1L), Map.entry("NOT_PUBLISHED", 1L),
        Map.entry("OWN_ACCOUNT_IMAGE", 1L));
  }

  @Test
  void ageHistogramsCountFromFirstLaunch() {
    assertThat(shares(report.get("instanceAgeDays"))).containsExactly(Map.entry("0-7", 5L), Map.entry("8-14", 2L), Map.entry("15-30", 1L),
        Map.entry("31-60", 2L), Map.entry("61-90", 0L), Map.entry("91-180", 1L), Map.entry(">180", 0L));
    assertThat(shares(report.get("imageAgeDays"))).containsExactly(Map.entry("0-30", 6L), Map.entry("31-60", 2L), Map.entry("61-90", 0L),
        Map.entry("91-180", 0L), Map.entry("181-365", 1L), Map.entry(">365", 1L), Map.entry("unknown", 1L));
    // restarted yesterday, first launched 45 days ago (primary ENI): over age
    assertThat(report.get("overMaxAge")).extracting(n -> n.get("instanceId").asText() + ":" + n.get("ageDays").asLong())
        .containsExactly("i-02000000000000002:100", "i-01000000000000004:60", "i-0c000000000000002:45");
    assertThat(report.get("nearMaxAge")).singleElement().satisfies(n -> {
      assertThat(n.get("instanceId").asText()).isEqualTo("i-01000000000000002");
      assertThat(n.get("daysUntilMaxAge").asLong()).isEqualTo(5);
    });
  }

  @Test
  void exemptionsBastionsAndSystemsManager() {
    assertThat(report.get("exemptions")).extracting(n -> n.get("instanceId").asText() + ":" + n.get("status").asText() + ":" + n.get("verdict").asText())
        .containsExactly("i-01000000000000003:valid:EXEMPT", "i-01000000000000004:EXEMPTION_EXPIRED:VIOLATION");
    assertThat(report.get("likelyBastions")).extracting(n -> n.get("instanceId").asText())
        .containsExactly("i-01000000000000006", "i-0c000000000000002");
    assertThat(report.get("notSsmManaged")).extracting(n -> n.get("instanceId").asText()).containsExactlyInAnyOrder(
        "i-0c000000000000002", "i-01000000000000003", "i-01000000000000004", "i-01000000000000006", "i-02000000000000002");
  }

  @Test
  void unreadableAccountIsReportedWithItsError() {
    List<JsonNode> unreadable = new ArrayList<>();
    report.get("targets").forEach(t -> {
      if (t.get("status").asText().equals("unreadable")) {
        unreadable.add(t);
      }
    });
    assertThat(unreadable).hasSize(2).allSatisfy(t -> {
      assertThat(t.get("accountId").asText()).isEqualTo(M3);
      assertThat(t.get("error").asText()).contains("UnauthorizedOperation");
    });
    assertThat(result.unreadable()).hasSize(2).allSatisfy(u -> assertThat(u).startsWith(M3 + "/"));
    assertThat(result.notificationMessageId()).isNotNull();
  }

  @Test
  void csvHasOneRowPerInstanceAndEscapesTags() {
    String csv = object("reports/2026/03/02/weekly/inventory.csv");
    List<List<String>> rows = Rfc4180.parse(csv);
    assertThat(rows.get(0)).isEqualTo(InventoryCsv.HEADER);
    assertThat(rows).hasSize(12);
    int name = InventoryCsv.HEADER.indexOf("name");
    int reason = InventoryCsv.HEADER.indexOf("exemptReason");
    List<String> tricky = rows.stream().filter(r -> r.get(2).equals("i-01000000000000003")).findFirst().orElseThrow();
    assertThat(tricky.get(name)).isEqualTo(TestFleet.TRICKY_NAME);
    assertThat(tricky.get(reason)).isEqualTo("vendor appliance, ticket \"CHG-1\"");
    assertThat(tricky.get(InventoryCsv.HEADER.indexOf("verdict"))).isEqualTo("EXEMPT");
    List<String> formula = rows.stream().filter(r -> r.get(2).equals("i-01000000000000004")).findFirst().orElseThrow();
    assertThat(formula.get(name)).isEqualTo("'=legacy");
    List<String> restarted = rows.stream().filter(r -> r.get(2).equals("i-0c000000000000002")).findFirst().orElseThrow();
    assertThat(restarted.get(InventoryCsv.HEADER.indexOf("ageBasis"))).isEqualTo("primary-eni-attach-time");
    assertThat(restarted.get(InventoryCsv.HEADER.indexOf("imageProvider"))).isEqualTo("amazon");
  }

  @Test
  void htmlIsWellFormedAndSelfContained() throws Exception {
    String html = object("reports/2026/03/02/weekly/report.html");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    NodeList all = doc.getElementsByTagNameNS("*", "*");
    List<String> external = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      for (String attr : List.of("src", "href", "xlink:href", "srcset", "action", "data")) {
        if (e.hasAttribute(attr)) {
          external.add(e.getTagName() + " " + attr + "=" + e.getAttribute(attr));
        }
      }
      if (List.of("script", "link", "img", "iframe", "object", "embed").contains(e.getLocalName())) {
        external.add(e.getLocalName());
      }
    }
    assertThat(external).isEmpty();
    assertThat(html).doesNotContain("url(").doesNotContain("@import");
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(4);
    assertThat(doc.getDocumentElement().getTextContent()).contains("36.4 %").contains(TestFleet.M1).contains("UnauthorizedOperation");
  }

  @Test
  void latestCopiesEventAndNotification() throws Exception {
    assertThat(object("reports/latest/weekly/report.json")).isEqualTo(object("reports/2026/03/02/weekly/report.json"));
    assertThat(result.locations()).hasSize(6).contains("s3://" + BUCKET + "/reports/latest/weekly/report.html");
    List<JsonNode> events = bus.await(1, Duration.ofSeconds(10));
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.get("detail-type").asText()).isEqualTo("Fleet Report Published");
      assertThat(e.get("detail").get("reportUri").asText()).isEqualTo("s3://" + BUCKET + "/reports/2026/03/02/weekly/report.json");
      assertThat(e.get("detail").get("totals").get("violations").asLong()).isEqualTo(6);
      assertThat(e.get("detail").get("schemaVersion").asInt()).isEqualTo(1);
    });
    SnsCapture.Notification n = topic.await(1, Duration.ofSeconds(10)).get(0);
    assertThat(n.subject()).contains("36.4% compliant, 6 violation(s), 3 over age");
    assertThat(n.message()).contains("Worst account " + M1).contains("Worst account " + M2).contains("Worst account " + CENTRAL)
        .contains("s3://" + BUCKET + "/reports/2026/03/02/weekly/report.html").contains("2 account/region(s) could not be read");
  }

  @Test
  void readsAreBatchedNeverPerInstance() {
    Map<String, Integer> calls = stub.calls();
    // 8 targets: one DescribeInstances page each (the refused ones fail on it).
    assertThat(calls.get("ec2:DescribeInstances")).isEqualTo(8);
    // 4 targets with instances + the factory's gate tags in 2 regions
    assertThat(calls.get("ec2:DescribeImages")).isEqualTo(6);
    // only where DescribeImages did not return the image: the deregistered one (M1) and the invisible one (M2)
    assertThat(calls.get("ec2:DescribeInstanceImageMetadata")).isEqualTo(2);
    assertThat(calls.get("ec2:DescribeSecurityGroups")).isEqualTo(4);
    assertThat(calls.get("ssm:DescribeInstanceInformation")).isEqualTo(4);
    assertThat(calls.get("ssm:GetParametersByPath")).isEqualTo(4);
  }
}
