package dev.compliantami.watcher;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priming runs before the SnapStart snapshot: it must warm the code paths without calling AWS. */
class SnapStartPrimingTest {

  @Test
  void primingMakesNoAwsCall() {
    WireMockServer anyService = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    anyService.start();
    try {
      System.setProperty("aws.endpointUrl", anyService.baseUrl());
      System.setProperty("aws.endpointUrlImagebuilder", anyService.baseUrl());
      ReleaseWatcherHandler handler = new ReleaseWatcherHandler(Map.of(
          "AWS_REGION", "us-east-1",
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:security",
          "POWERTOOLS_SERVICE_NAME", "release-watcher",
          "STATE_TABLE", "state"));

      handler.beforeCheckpoint(null);
      handler.afterRestore(null);

      assertThat(anyService.getAllServeEvents()).isEmpty();
    } finally {
      anyService.stop();
    }
  }
}
