package dev.compliantami.allowedamis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.Ec2AllowedImagesStub;
import dev.compliantami.testing.LambdaRuntime;
import dev.compliantami.testing.LocalAws;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample in {@code events/allowed-amis-enforcer/}, read by the Lambda runtime's serialiser, reconciles in dry-run. */
class SampleEventsTest {
  private LocalAws aws;
  private Ec2AllowedImagesStub ec2;

  static Stream<Path> samples() throws IOException {
    return LambdaRuntime.samples("allowed-amis-enforcer");
  }

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.routeSdkClients();
    ec2 = Ec2AllowedImagesStub.start(aws.moto()).routeSdkClients();
  }

  @AfterEach
  void tearDown() {
    ec2.close();
    aws.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleReconcilesAndItsResultSerialisesLikeLambdaWould(Path sample) throws Exception {
    AllowedAmisEnforcerHandler h = new AllowedAmisEnforcerHandler(Map.of("MODE", "dry-run", "AWS_REGION", "us-east-1",
        "NOTIFY_TOPIC_ARN", aws.notifications("security").topicArn(), "EVENT_BUS_NAME", aws.bus("suite").busName(),
        "POWERTOOLS_SERVICE_NAME", "allowed-amis-enforcer", "FACTORY_ACCOUNT_ID", "123456789012"));

    ReconcileResult r = h.handleRequest(LambdaRuntime.readEvent(AllowedAmisEnforcerHandler.class, sample), new LocalContext("allowed-amis-enforcer", 600, 1024));

    assertThat(r.ignoredBecause()).as("%s must be handled", sample.getFileName()).isNull();
    assertThat(r.targets()).singleElement().satisfies(t -> assertThat(t.action()).isEqualTo("WOULD_CHANGE"));
    assertThat(ec2.writes("123456789012", "us-east-1")).isEmpty();
    LambdaRuntime.assertMirrors(r, LambdaRuntime.writeResult(AllowedAmisEnforcerHandler.class, r));
  }
}
