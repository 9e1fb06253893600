package dev.compliantami.watcher;

import static dev.compliantami.watcher.WatcherFixture.poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.CallCounter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What one polling run costs in API calls, watching 4 base images and 6 components (counted by an SDK
 * execution interceptor on every client): no per-item call beyond the one read each item needs.
 */
class PollCostTest {
  private static final String COMPONENTS =
      "stig-build-linux,stig-build-linux-high,stig-build-linux-medium,stig-build-linux-low,scap-compliance-checker-linux,scap-compliance-checker-windows";

  @Test
  void steadyStateRunAndARunWithOneRelease() {
    try (WatcherFixture f = new WatcherFixture()) {
      f.ib.pageSize(25);
      for (String c : COMPONENTS.split(",")) {
        f.component(c, "2025.1.0", "ACTIVE");
      }
      f.publishBase("a", "al2023-a");
      f.publishBase("b", "al2023-b");
      f.publishBase("c", "al2023-c");
      f.image("RHEL-9.4.0_HVM-x86_64-" + f.prefix.substring(2));
      ReleaseWatcherHandler h = f.handler(Map.of(
          "WATCHED_BASE_IMAGES", "a=ssm:" + f.prefix + "/a,b=ssm:" + f.prefix + "/b,c=ssm:" + f.prefix + "/c,rhel9=owner:self:" + f.rhelPattern,
          "WATCHED_COMPONENTS", COMPONENTS,
          "DISCOVER_PIPELINE_PARENTS", "true"));
      poll(h, "baseline");

      CallCounter.reset();
      poll(h, "steady");
      Map<String, Integer> steady = CallCounter.snapshot();
      System.out.println("API calls, steady-state run (4 base images, 6 components): " + steady);
      assertThat(steady).isEqualTo(Map.of(
          "Ssm:GetParameter", 3,
          "Ec2:DescribeImages", 4,
          "DynamoDb:GetItem", 10,
          "Imagebuilder:ListComponents", 6,
          "Imagebuilder:ListImagePipelines", 1));

      f.publishBase("a", "al2023-a-next");
      CallCounter.reset();
      poll(h, "one-release");
      Map<String, Integer> release = CallCounter.snapshot();
      System.out.println("API calls, run with one release: " + release);
      assertThat(release)
          .containsEntry("DynamoDb:UpdateItem", 1)
          .containsEntry("EventBridge:PutEvents", 1)
          .containsEntry("Sns:Publish", 1)
          .containsEntry("DynamoDb:GetItem", 10);
    }
  }
}
