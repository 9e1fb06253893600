package dev.compliantami.report;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes the report of the {@link TestFleet} (4 accounts × 2 regions, moto + {@link FleetStub}) to a local
 * directory, for looking at it and for the README's screenshot. Argument: the output directory (default
 * {@code functions/fleet-report/target/sample-report}).
 */
public final class ReportSample {
  private ReportSample() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "functions/fleet-report/target/sample-report");
    Files.createDirectories(out);
    try (LocalAws aws = LocalAws.start(); FleetStub stub = new FleetStub(aws.moto().endpoint(), false)) {
      aws.routeSdkClients();
      stub.route();
      TestFleet.seed(stub, aws);
      FleetReportHandler h = new FleetReportHandler(TestFleet.env(aws.notifications("security").topicArn(), aws.bus("suite").busName()));
      ReportResult r = h.handleRequest(Map.of("job", "fleet-report", "period", "monthly", "executionId", "sample",
          "scheduledTime", TestFleet.AS_OF.toString()), new LocalContext("fleet-report", 900, 2048));
      S3Client s3 = aws.client(S3Client.class, S3Client::builder);
      for (String file : new String[] {"report.html", "report.json", "inventory.csv"}) {
        String key = "reports/latest/monthly/" + file;
        Files.write(out.resolve(file), s3.getObjectAsBytes(b -> b.bucket(TestFleet.BUCKET).key(key)).asByteArray());
      }
      System.out.println("wrote " + out.toAbsolutePath() + " (" + r.totals().instances() + " instances)");
    }
  }
}
