package dev.compliantami.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.config.WatchedBaseImage.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchedBaseImageTest {

  @Test
  void parsesSsmAndImageQuerySources() {
    List<WatchedBaseImage> all = WatchedBaseImage.parseAll("WATCHED_BASE_IMAGES",
        "al2023=ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64, "
            + "rhel9=owner:309956199498:RHEL-9.*_HVM-*-x86_64-*:x86_64,"
            + "ubuntu2404=owner:099720109477:ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*");
    assertThat(all).extracting(WatchedBaseImage::name).containsExactly("al2023", "rhel9", "ubuntu2404");
    assertThat(all.get(0).source()).isEqualTo(new Source.SsmParameter("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"));
    assertThat(all.get(1).source()).isEqualTo(new Source.ImageQuery("309956199498", "RHEL-9.*_HVM-*-x86_64-*", "x86_64"));
    assertThat(all.get(2).source()).isEqualTo(new Source.ImageQuery("099720109477", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*", null));
    assertThat(all.get(0).ssmParameter()).isPresent();
    assertThat(all.get(1).ssmParameter()).isEmpty();
  }

  @Test
  void emptyMeansNone() {
    assertThat(WatchedBaseImage.parseAll("W", "")).isEmpty();
    assertThat(WatchedBaseImage.parseAll("W", null)).isEmpty();
  }

  @Test
  void badEntriesAreNamed() {
    assertThatThrownBy(() -> WatchedBaseImage.parseAll("WATCHED_BASE_IMAGES", "a=ssm:/x,broken"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("WATCHED_BASE_IMAGES has a bad entry 'broken'; expected name=source");
    assertThatThrownBy(() -> WatchedBaseImage.parseAll("W", "a=http://x")).hasMessageContaining("'a=http://x'").hasMessageContaining("ssm: or owner:");
    assertThatThrownBy(() -> WatchedBaseImage.parseAll("W", "a=ssm:relative")).hasMessageContaining("starting with /");
    assertThatThrownBy(() -> WatchedBaseImage.parseAll("W", "a=owner:bob:al2023-*")).hasMessageContaining("12-digit account id");
    assertThatThrownBy(() -> WatchedBaseImage.parseAll("W", "a=owner:amazon:al2023-*:sparc")).hasMessageContaining("architecture");
    assertThatThrownBy(() -> WatchedBaseImage.parseAll("W", "bad name=ssm:/x")).hasMessageContaining("'bad name=ssm:/x'");
    assertThatThrownBy(() -> WatchedBaseImage.parseAll("W", "a=ssm:/x,a=ssm:/y")).hasMessageContaining("'a' appears twice");
  }
}
