package dev.compliantami.report;

import static dev.compliantami.report.FleetStub.CENTRAL;

import dev.compliantami.report.FleetStub.Img;
import dev.compliantami.report.FleetStub.Inst;
import dev.compliantami.report.FleetStub.Perm;
import dev.compliantami.testing.LocalAws;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The fleet of the integration test (and of the screenshot): 4 accounts × 2 regions, every provider kind, eight
 * operating systems, exemptions valid and expired, bastions, an account whose role cannot read EC2. Every number
 * in {@link FleetReportIntegrationTest} follows from this class; times are relative to {@link #AS_OF}.
 */
final class TestFleet {
  static final Instant AS_OF = Instant.parse("2026-03-02T06:00:00Z");
  static final String M1 = "111111111111";
  static final String M2 = "222222222222";
  static final String M3 = "333333333333";
  static final String E = "us-east-1";
  static final String W = "eu-west-1";
  static final String BUCKET = "fleet-reports";
  static final String F1 = "ami-0f000000000000001";
  static final String F2 = "ami-0f000000000000002";
  static final String F3 = "ami-0f000000000000003";
  static final String A1 = "ami-0a000000000000001";
  static final String MP1 = "ami-0b000000000000001";
  static final String O1 = "ami-0c000000000000001";
  static final String OWN1 = "ami-0e000000000000001";
  static final String GONE1 = "ami-0d000000000000001";
  static final String PRIV1 = "ami-09000000000000001";
  static final String TRICKY_NAME = "web, \"frontend\"\nline 2";

  private TestFleet() {}

  static Instant days(long d) {
    return AS_OF.minus(Duration.ofDays(d));
  }

  static void seed(FleetStub s, LocalAws aws) {
    s.image(Img.of(F1, E, "al2023-ami-2023.6-stig-high", CENTRAL, null, days(10), "Linux/UNIX").tagged(Map.of("compliant-ami:gate", "passed")))
        .image(Img.of(F2, E, "al2023-ami-2023.5-stig-high", CENTRAL, null, days(40), "Linux/UNIX").tagged(Map.of("compliant-ami:gate", "failed")))
        .image(Img.of(F3, W, "Windows_Server-2022-English-Full-Base-stig", CENTRAL, null, days(5), "Windows").tagged(Map.of("compliant-ami:gate", "passed")))
        .image(Img.of(A1, E, "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20260101", "099720109477", "amazon", days(60), "Linux/UNIX"))
        .image(Img.of(MP1, E, "rhel-9.3-marketplace-appliance", "679593333241", "aws-marketplace", days(200), "Red Hat Enterprise Linux"))
        .image(Img.of(O1, W, "debian-12-amd64-vendor", "444455556666", null, days(20), "Linux/UNIX"))
        .image(Img.of(OWN1, E, "suse-sles-15-sp5-custom", M2, null, days(15), "SUSE Linux").visibleTo(M2))
        .image(Img.of(GONE1, E, "al2023-ami-2023.1-old", CENTRAL, null, days(300), "Linux/UNIX").deregistered())
        .image(Img.of(PRIV1, E, "centos-7-legacy", "555566667777", null, days(400), "Linux/UNIX").visibleTo("nobody"));
    for (String a : List.of(CENTRAL, M1, M2)) {
      for (String r : List.of(E, W)) {
        s.group(a, r, "sg-web", new Perm("tcp", 443, 443, "0.0.0.0/0", null), new Perm("tcp", 22, 22, "10.0.0.0/8", null));
        s.group(a, r, "sg-bastion", new Perm("tcp", 22, 22, "0.0.0.0/0", null));
        s.group(a, r, "sg-rdp", new Perm("tcp", 3389, 3389, null, "::/0"));
      }
    }
    // central us-east-1
    s.instance(CENTRAL, E, inst("i-0c000000000000001", F1, 5, "Linux/UNIX", "sg-web", Map.of("Name", "factory-test")));
    // restarted yesterday: LaunchTime is 1 day, the primary ENI says 45 days
    s.instance(CENTRAL, E, new Inst("i-0c000000000000002", A1, "t3.small", "running", days(1), days(45), days(45), "Linux/UNIX",
        List.of("sg-bastion"), Map.of("Name", "jump-host")));
    // M1 us-east-1
    s.instance(M1, E, inst("i-01000000000000001", F1, 2, "Linux/UNIX", "sg-web", Map.of("Name", "app-1", "aws:autoscaling:groupName", "app-asg")));
    s.instance(M1, E, inst("i-01000000000000002", F2, 26, "Linux/UNIX", "sg-web", Map.of("Name", "app-2")));
    s.instance(M1, E, inst("i-01000000000000003", MP1, 10, "Red Hat Enterprise Linux", "sg-web", Map.of("Name", TRICKY_NAME,
        "compliant-ami:exempt-until", AS_OF.plus(Duration.ofDays(30)).toString().substring(0, 10),
        "compliant-ami:exempt-reason", "vendor appliance, ticket \"CHG-1\"")));
    s.instance(M1, E, inst("i-01000000000000004", GONE1, 60, "Linux/UNIX", "sg-web", Map.of("Name", "=legacy",
        "compliant-ami:exempt-until", "2026-03-01", "compliant-ami:exempt-reason", "migration")));
    // M1 eu-west-1
    s.instance(M1, W, inst("i-01000000000000005", F3, 1, "Windows", "sg-web", Map.of("Name", "win-1")));
    s.instance(M1, W, inst("i-01000000000000006", O1, 3, "Linux/UNIX", "sg-rdp", Map.of("Name", "vendor-box")));
    // M2 us-east-1
    s.instance(M2, E, inst("i-02000000000000001", OWN1, 8, "SUSE Linux", "sg-web", Map.of("Name", "own-image")));
    s.instance(M2, E, inst("i-02000000000000002", PRIV1, 100, "Linux/UNIX", "sg-web", Map.of("Name", "legacy-centos")));
    s.instance(M2, E, inst("i-02000000000000003", F1, 0, "Linux/UNIX", "sg-web", Map.of("Name", "fresh")));
    s.instance(M2, E, new Inst("i-02000000000000009", F1, "t3.micro", "terminated", days(3), null, null, "Linux/UNIX", List.of(), Map.of()));
    s.ssmManaged(CENTRAL, E, "i-0c000000000000001")
        .ssmManaged(M1, E, "i-01000000000000001", "i-01000000000000002")
        .ssmManaged(M1, W, "i-01000000000000005")
        .ssmManaged(M2, E, "i-02000000000000001", "i-02000000000000003");
    s.instance(M3, E, inst("i-03000000000000001", F1, 1, "Linux/UNIX", "sg-web", Map.of()));
    s.deny(M3);

    // In M1 us-east-1, F1 is what /compliant-ami/latest/ points at (moto SSM, in M1's account).
    member(aws, M1, E).putParameter(r -> r.name("/compliant-ami/latest/al2023-stig-high").value(F1).type(ParameterType.STRING).overwrite(true));
    aws.client(S3Client.class, S3Client::builder).createBucket(r -> r.bucket(BUCKET));
  }

  private static Inst inst(String id, String image, long ageDays, String platform, String group, Map<String, String> tags) {
    return new Inst(id, image, "t3.micro", "running", days(ageDays), days(ageDays), days(ageDays), platform, List.of(group), tags);
  }

  /** An SSM client of {@code account} in moto (through moto's own AssumeRole). */
  static SsmClient member(LocalAws aws, String account, String region) {
    StsClient sts = aws.client(StsClient.class, StsClient::builder);
    Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/compliant-ami-member").roleSessionName("seed")).credentials();
    return SsmClient.builder().endpointOverride(URI.create(aws.moto().endpoint())).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
        .build();
  }

  static Map<String, String> env(String topicArn, String busName) {
    Map<String, String> env = new HashMap<>(Map.of("MODE", "dry-run", "AWS_REGION", E, "NOTIFY_TOPIC_ARN", topicArn, "EVENT_BUS_NAME", busName,
        "POWERTOOLS_SERVICE_NAME", "fleet-report", "FACTORY_ACCOUNT_ID", CENTRAL, "REPORT_BUCKET", BUCKET,
        "BOUNDARY_ACCOUNT_IDS", String.join(",", CENTRAL, M1, M2, M3), "BOUNDARY_REGIONS", E + "," + W,
        "FLEET_REQUESTS_PER_SECOND", "100"));
    env.put("MAX_IMAGE_AGE_DAYS", "90");
    return env;
  }

}
