package dev.compliantami.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Clients reach a local endpoint through the SDK's own environment variables alone: the probe runs in a
 * fresh JVM whose only link to moto is AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SNS.
 */
class AwsClientsEndpointTest {
  private static MotoServer moto;
  private static String topicArn;

  @BeforeAll
  static void topic() {
    moto = MotoServer.shared();
    try (AwsClients clients = new AwsClients("us-east-1")) {
      SnsClient sns =
          SnsClient.builder()
              .endpointOverride(java.net.URI.create(moto.endpoint()))
              .region(clients.region())
              .build();
      topicArn = sns.createTopic(r -> r.name("endpoint-probe")).topicArn();
    }
  }

  @Test
  void genericEndpointVariableRoutesEveryClient() throws Exception {
    assertThat(probe(Map.of("AWS_ENDPOINT_URL", moto.endpoint()))).contains(topicArn);
  }

  @Test
  void serviceSpecificVariableWinsOverTheGenericOne() throws Exception {
    assertThat(probe(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ENDPOINT_URL_SNS", moto.endpoint())))
        .contains(topicArn);
  }

  private static List<String> probe(Map<String, String> endpoints) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), EndpointProbe.class.getName())
            .redirectErrorStream(false);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_ENDPOINT_URL"));
    env.putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
    env.putAll(endpoints);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("probe stderr: %s", err).isZero();
    return out.lines().toList();
  }
}
