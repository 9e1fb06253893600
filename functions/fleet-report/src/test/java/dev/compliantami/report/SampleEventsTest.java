package dev.compliantami.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
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
import software.amazon.awssdk.services.s3.S3Client;

/** Every sample in {@code events/fleet-report/}, read by the Lambda runtime's serialiser, produces a report (dry-run). */
class SampleEventsTest {
  private LocalAws aws;
  private FleetStub stub;

  static Stream<Path> samples() throws IOException {
    return LambdaRuntime.samples("fleet-report");
  }

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.routeSdkClients();
    stub = new FleetStub(aws.moto().endpoint(), true).route();
    stub.image(FleetStub.Img.of(TestFleet.A1, "us-east-1", "al2023-ami-2023.6", "137112412989", "amazon", TestFleet.days(3), "Linux/UNIX"))
        .instance(FleetStub.CENTRAL, "us-east-1", new FleetStub.Inst("i-0123456789abcdef0", TestFleet.A1, "t3.micro", "running",
            TestFleet.days(400), null, null, "Linux/UNIX", java.util.List.of(), Map.of("Name", "sample")));
    aws.client(S3Client.class, S3Client::builder).createBucket(r -> r.bucket("sample-reports"));
  }

  @AfterEach
  void tearDown() {
    stub.close();
    aws.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleProducesAReportAndItsResultSerialisesLikeLambdaWould(Path sample) throws Exception {
    FleetReportHandler h = new FleetReportHandler(Map.of("MODE", "dry-run", "AWS_REGION", "us-east-1",
        "NOTIFY_TOPIC_ARN", aws.notifications("security").topicArn(), "EVENT_BUS_NAME", aws.bus("suite").busName(),
        "POWERTOOLS_SERVICE_NAME", "fleet-report", "FACTORY_ACCOUNT_ID", "123456789012", "REPORT_BUCKET", "sample-reports"));

    ReportResult r = h.handleRequest(LambdaRuntime.readEvent(FleetReportHandler.class, sample), new LocalContext("fleet-report", 900, 1024));

    assertThat(r.ignoredBecause()).as("%s must be handled", sample.getFileName()).isNull();
    assertThat(r.totals().instances()).isEqualTo(1);
    assertThat(r.locations()).hasSize(6);
    String key = r.reportUri().substring("s3://sample-reports/".length());
    assertThat(aws.client(S3Client.class, S3Client::builder).getObjectAsBytes(b -> b.bucket("sample-reports").key(key)).asUtf8String())
        .contains("\"schemaVersion\" : 1");
    LambdaRuntime.assertMirrors(r, LambdaRuntime.writeResult(FleetReportHandler.class, r));
  }
}
