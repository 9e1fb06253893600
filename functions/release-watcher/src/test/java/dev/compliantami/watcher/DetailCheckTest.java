package dev.compliantami.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.events.BaseImageUpdated;
import dev.compliantami.events.HardeningComponentReleased;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every detail release-watcher would emit is read back through pipeline-starter's own parser first. */
class DetailCheckTest {
  private static final Instant CREATED = Instant.parse("2026-11-30T10:15:00Z");
  private static final String ARN = "arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux-high/2023.11.0/1";

  private static BaseImageUpdated base(String imageName, Instant creationDate) {
    return new BaseImageUpdated(1, "al2023-x86", "us-east-1", "ami-0123456789abcdef0", "ami-0fedcba9876543210", imageName, creationDate, "ssm-parameter");
  }

  private static HardeningComponentReleased component(String platform) {
    return new HardeningComponentReleased(1, "stig-build-linux-high", ARN, "2023.10.1", "2023.11.0", platform);
  }

  @Test
  void completeDetailsPass() {
    assertThat(DetailCheck.problem(base("al2023-ami-2023.9.20261130.0-kernel-6.1-x86_64", CREATED))).isEmpty();
    assertThat(DetailCheck.problem(new BaseImageUpdated(1, "rhel9", "us-east-1", null, "ami-0fedcba9876543210", "RHEL-9.5", CREATED, "describe-images"))).isEmpty();
    assertThat(DetailCheck.problem(component("Linux"))).isEmpty();
    assertThat(DetailCheck.problem(new HardeningComponentReleased(1, "stig-build-linux-high", ARN, null, "2023.11.0", "Windows"))).isEmpty();
  }

  @Test
  void imageWithoutNameOrCreationDateIsRejected() {
    assertThat(DetailCheck.problem(base(null, CREATED))).hasValueSatisfying(p -> assertThat(p).contains("$.detail.imageName"));
    assertThat(DetailCheck.problem(base("al2023", null))).hasValueSatisfying(p -> assertThat(p).contains("$.detail.creationDate"));
  }

  @Test
  void componentWithoutPlatformOrWithAnUnknownOneIsRejected() {
    assertThat(DetailCheck.problem(component(null))).hasValueSatisfying(p -> assertThat(p).contains("$.detail.platform"));
    assertThat(DetailCheck.problem(component("Solaris"))).hasValueSatisfying(p -> assertThat(p).contains("$.detail.platform").contains("Solaris"));
    assertThat(DetailCheck.problem(new HardeningComponentReleased(1, "stig-build-linux-high", "not-an-arn", null, "2023.11.0", "Linux")))
        .hasValueSatisfying(p -> assertThat(p).contains("$.detail.componentArn"));
  }
}
