package dev.compliantami.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.report.ImageClassification.Os;
import dev.compliantami.report.ImageClassification.Provider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageClassificationTest {
  static final String FACTORY = "123456789012";
  static final String ME = "111111111111";

  @Test
  void providerKinds() {
    assertThat(ImageClassification.provider(FACTORY, null, ME, FACTORY)).isEqualTo(Provider.FACTORY);
    assertThat(ImageClassification.provider("137112412989", "amazon", ME, FACTORY)).isEqualTo(Provider.AMAZON);
    assertThat(ImageClassification.provider("679593333241", "aws-marketplace", ME, FACTORY)).isEqualTo(Provider.MARKETPLACE);
    assertThat(ImageClassification.provider(ME, null, ME, FACTORY)).isEqualTo(Provider.OWN_ACCOUNT);
    assertThat(ImageClassification.provider("444455556666", null, ME, FACTORY)).isEqualTo(Provider.OTHER_ACCOUNT);
    assertThat(ImageClassification.provider(null, null, ME, FACTORY)).isEqualTo(Provider.UNKNOWN);
    // the factory's images in the factory account itself are the factory's, not "own account"
    assertThat(ImageClassification.provider(FACTORY, null, FACTORY, FACTORY)).isEqualTo(Provider.FACTORY);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "al2023-ami-2023.6.20250115.0-kernel-6.1-x86_64|Linux/UNIX|Amazon Linux|2023",
      "amzn2-ami-hvm-2.0.20250108.0-x86_64-gp2|Linux/UNIX|Amazon Linux 2|",
      "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115|Linux/UNIX|Ubuntu|24.04",
      "RHEL-9.5.0_HVM-20241211-x86_64-0-Hourly2-GP3|Red Hat Enterprise Linux|Red Hat Enterprise Linux|9.5",
      "suse-sles-15-sp6-v20250101-hvm-ssd-x86_64|SUSE Linux|SUSE Linux Enterprise Server|15-SP6",
      "debian-12-amd64-20250112-1993|Linux/UNIX|Debian|12",
      "Windows_Server-2019-English-Full-Base-2025.01.15|Windows|Windows Server|2019",
      "Windows_Server-2012-R2_RTM-English-64Bit-Base|Windows|Windows Server|2012-R2",
      "Rocky-9-EC2-Base-9.5-20241118.0.x86_64|Linux/UNIX|Rocky Linux|9",
      "my-golden-image|Windows|Windows Server|",
      "my-golden-image|Linux/UNIX|Linux (unidentified)|",
      "null|null|Unknown|",
  })
  void operatingSystems(String name, String platform, String distribution, String version) {
    assertThat(ImageClassification.os(name, platform)).isEqualTo(new Os(distribution, version == null ? "" : version));
  }

  @Test
  void bastionRules() {
    assertThat(Exposure.adminPortOpenToWorld(new Exposure.Rule("tcp", 22, 22, List.of("0.0.0.0/0"), List.of()))).isTrue();
    assertThat(Exposure.adminPortOpenToWorld(new Exposure.Rule("tcp", 3389, 3389, List.of(), List.of("::/0")))).isTrue();
    assertThat(Exposure.adminPortOpenToWorld(new Exposure.Rule("tcp", 0, 65535, List.of("0.0.0.0/0"), List.of()))).isTrue();
    assertThat(Exposure.adminPortOpenToWorld(new Exposure.Rule("-1", null, null, List.of("0.0.0.0/0"), List.of()))).isTrue();
    assertThat(Exposure.adminPortOpenToWorld(new Exposure.Rule("tcp", 22, 22, List.of("10.0.0.0/8"), List.of()))).isFalse();
    assertThat(Exposure.adminPortOpenToWorld(new Exposure.Rule("tcp", 443, 443, List.of("0.0.0.0/0"), List.of()))).isFalse();
    assertThat(Exposure.adminPortOpenToWorld(new Exposure.Rule("udp", 22, 22, List.of("0.0.0.0/0"), List.of()))).isFalse();
  }

  @Test
  void csvEscaping() {
    assertThat(InventoryCsv.escape("plain")).isEqualTo("plain");
    assertThat(InventoryCsv.escape("a,b")).isEqualTo("\"a,b\"");
    assertThat(InventoryCsv.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(InventoryCsv.escape("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(InventoryCsv.text("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
    assertThat(InventoryCsv.text("web-1")).isEqualTo("web-1");
  }

  @Test
  void percentsAndWorstAccounts() {
    assertThat(FleetAggregation.percent(1, 3)).isEqualTo(33.3);
    assertThat(FleetAggregation.percent(2, 3)).isEqualTo(66.7);
    assertThat(FleetAggregation.percentOrNull(0, 0)).isNull();
    var a = new FleetReport.AccountSummary("111111111111", 10, 5, 0, 5, 50.0);
    var b = new FleetReport.AccountSummary("222222222222", 4, 2, 0, 2, 50.0);
    var c = new FleetReport.AccountSummary("333333333333", 10, 10, 0, 0, 100.0);
    var d = new FleetReport.AccountSummary("444444444444", 10, 1, 0, 9, 10.0);
    assertThat(FleetAggregation.worst(List.of(a, b, c, d), 3)).containsExactly("444444444444", "111111111111", "222222222222");
    assertThat(FleetAggregation.bucket(FleetAggregation.INSTANCE_AGE_BOUNDS, 7)).isZero();
    assertThat(FleetAggregation.bucket(FleetAggregation.INSTANCE_AGE_BOUNDS, 8)).isEqualTo(1);
    assertThat(FleetAggregation.bucket(FleetAggregation.INSTANCE_AGE_BOUNDS, 1000)).isEqualTo(6);
  }
}
