package dev.compliantami.reaper;

import dev.compliantami.testing.AwsWire;
import dev.compliantami.testing.FleetAwsStub;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.compliantami.fleet.Target;
import dev.compliantami.policy.ReplacementPlan;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Not a test: the selection phase over a generated fleet of 10,000 instances in one account/region, served by a
 * WireMock fleet generator in EC2's and Auto Scaling's Query/XML wire format (DescribeInstances pages honouring
 * MaxResults/NextToken, DescribeAutoScalingGroups for the names asked, no instance refreshes). 8,000 instances sit in
 * 400 groups of 20, 2,000 are standalone; every 10th is 45 days old (over age), every 10th+1 is 27 days (coming due).
 * Prints the API calls by kind and the wall time of the selection (and the pure plan), then the DescribeInstanceRefreshes
 * the act phase makes for the groups the plan acts through (default caps: 10 per run, 10% per account). Run (README "Benchmark"):
 * {@code ./mvnw -q -B -pl functions/instance-reaper -am test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=/tmp/reaper-cp.txt && java -cp functions/instance-reaper/target/test-classes:functions/instance-reaper/target/classes:$(cat /tmp/reaper-cp.txt) dev.compliantami.reaper.ReaperSelectionBench}
 */
public final class ReaperSelectionBench {
  /** Fleet size (second argument, default 10,000); 80 % of it in groups of {@link #GROUP_SIZE}. */
  static int instances = 10_000;
  static int inGroups = 8_000;
  static final int GROUP_SIZE = 20;
  static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    if (args.length > 1) {
      instances = Integer.parseInt(args[1]);
      inGroups = instances / 10 * 8;
    }
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new Generator(calls)));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
    var http = UrlConnectionHttpClient.create();
    try (Ec2Client ec2 = Ec2Client.builder().httpClient(http).endpointOverride(URI.create(server.baseUrl())).region(Region.US_EAST_1).credentialsProvider(creds).build();
        AutoScalingClient asg = AutoScalingClient.builder().httpClient(http).endpointOverride(URI.create(server.baseUrl())).region(Region.US_EAST_1).credentialsProvider(creds).build()) {
      TargetSelector selector = new TargetSelector(30, 5, 90);
      Target target = new Target("123456789012", "us-east-1");
      long slowestMs = 0;
      for (int run = 1; run <= runs; run++) {
        calls.clear();
        long t0 = System.nanoTime();
        TargetSelection s = selector.select(target, ec2, asg, NOW);
        long selectNanos = System.nanoTime() - t0;
        ReplacementPlan.Plan plan = ReplacementPlan.decide(
            s.overAge().stream().map(i -> new ReplacementPlan.Candidate(target.accountId(), target.region(), i.instanceId(), i.state(), i.age().days(), i.autoScalingGroup())).toList(),
            s.groups(), Map.of(target.accountId(), s.instances()), new ReplacementPlan.Limits(10, 10, 1, 0, ReplacementPlan.StandaloneAction.NOTIFY));
        long planNanos = System.nanoTime() - t0 - selectNanos;
        Map<String, Integer> byKind = new TreeMap<>();
        calls.forEach((k, v) -> byKind.put(k, v.get()));
        // what the act phase reads before acting, per group acted through (the plan's caps bound it)
        calls.clear();
        TargetActor.refreshingGroups(plan.acting(), asg);
        int refreshChecks = calls.values().stream().mapToInt(AtomicInteger::get).sum();
        int selectionCalls = byKind.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("run %d: %d instances seen, %d over age, %d coming due, %d groups described; selection %d ms, plan %d ms; selection calls %s (total %d);"
            + " acting %d, DescribeInstanceRefreshes before acting %d; selection + refresh checks = %d calls%n",
            run, s.instances(), s.overAge().size(), s.nearing().size(), s.groups().size(), selectNanos / 1_000_000, planNanos / 1_000_000,
            byKind, selectionCalls, plan.acting().size(), refreshChecks, selectionCalls + refreshChecks);
        slowestMs = Math.max(slowestMs, (selectNanos + planNanos) / 1_000_000);
        if (run == runs) { // the slowest run (the first, on a cold JVM) against the timeout
          dev.compliantami.testing.LoadBench.print("instance-reaper", "selection-" + instances + "-instances-slowest-of-" + runs,
              selectionCalls + refreshChecks, slowestMs, "dev.compliantami.reaper.InstanceReaperHandler");
          long floor = (instances + 999) / 1000; // full DescribeInstances pages; no image reads in the selection
          System.out.printf("BENCH|api|instance-reaper|selection|instances=%d|DescribeInstances=%d|floorDescribeInstances=%d"
                  + "|DescribeAutoScalingGroups=%d|totalCalls=%d|wallMs=%d|peakHeapMB=%d%n",
              instances, byKind.getOrDefault("DescribeInstances", 0), floor,
              byKind.getOrDefault("DescribeAutoScalingGroups", 0),
              selectionCalls + refreshChecks, slowestMs, peakHeapMb());
        }
      }
    } finally {
      server.stop();
      http.close();
    }
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  static String id(int i) {
    return String.format("i-%017x", i);
  }

  static String group(int i) {
    return i < inGroups ? "g-" + (i / GROUP_SIZE) : null;
  }

  static Instant firstLaunch(int i) {
    return NOW.minus(Duration.ofDays(i % 10 == 0 ? 45 : i % 10 == 1 ? 27 : 5));
  }

  static final class Generator implements ResponseDefinitionTransformerV2 {
    private final Map<String, AtomicInteger> calls;

    Generator(Map<String, AtomicInteger> calls) {
      this.calls = calls;
    }

    @Override
    public String getName() {
      return "fleet";
    }

    @Override
    public boolean applyGlobally() {
      return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Map<String, String> p = AwsWire.form(event.getRequest().getBodyAsString());
      String action = p.getOrDefault("Action", "?");
      calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
      String body = switch (action) {
        case "DescribeInstances" -> instances(Integer.parseInt(p.getOrDefault("MaxResults", "1000")), Integer.parseInt(p.getOrDefault("NextToken", "0")));
        case "DescribeAutoScalingGroups" -> groups(p);
        case "DescribeInstanceRefreshes" -> "<DescribeInstanceRefreshesResponse xmlns=\"" + FleetAwsStub.AS_NS + "\"><DescribeInstanceRefreshesResult><InstanceRefreshes/>"
            + "</DescribeInstanceRefreshesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeInstanceRefreshesResponse>";
        default -> null;
      };
      return body == null ? event.getResponseDefinition()
          : new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body).build();
    }

    private static String instances(int max, int from) {
      int to = Math.min(instances, from + max);
      StringBuilder b = new StringBuilder(max * 900).append("<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><reservationSet>");
      for (int i = from; i < to; i++) {
        String t = firstLaunch(i).toString();
        b.append("<item><reservationId>r-").append(i).append("</reservationId><ownerId>123456789012</ownerId><instancesSet><item><instanceId>").append(id(i))
            .append("</instanceId><imageId>ami-0123456789abcdef0</imageId><instanceState><code>16</code><name>running</name></instanceState>")
            .append("<instanceType>t3.micro</instanceType><launchTime>").append(t).append("</launchTime><rootDeviceName>/dev/xvda</rootDeviceName>")
            .append("<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-").append(i).append("</volumeId><status>attached</status><attachTime>")
            .append(t).append("</attachTime><deleteOnTermination>true</deleteOnTermination></ebs></item></blockDeviceMapping>")
            .append("<networkInterfaceSet><item><networkInterfaceId>eni-").append(i).append("</networkInterfaceId><attachment><attachmentId>eni-attach-").append(i)
            .append("</attachmentId><deviceIndex>0</deviceIndex><status>attached</status><attachTime>").append(t).append("</attachTime></attachment></item></networkInterfaceSet><tagSet>")
            .append("<item><key>Name</key><value>bench-").append(i).append("</value></item>");
        if (group(i) != null) {
          b.append("<item><key>aws:autoscaling:groupName</key><value>").append(group(i)).append("</value></item>");
        }
        b.append("</tagSet></item></instancesSet></item>");
      }
      b.append("</reservationSet>");
      if (to < instances) {
        b.append("<nextToken>").append(to).append("</nextToken>");
      }
      return b.append("</DescribeInstancesResponse>").toString();
    }

    private static String groups(Map<String, String> p) {
      StringBuilder b = new StringBuilder("<DescribeAutoScalingGroupsResponse xmlns=\"" + FleetAwsStub.AS_NS + "\"><DescribeAutoScalingGroupsResult><AutoScalingGroups>");
      for (int n = 1; p.containsKey("AutoScalingGroupNames.member." + n); n++) {
        String name = p.get("AutoScalingGroupNames.member." + n);
        int g = Integer.parseInt(name.substring(2));
        b.append("<member><AutoScalingGroupName>").append(name).append("</AutoScalingGroupName><MinSize>0</MinSize><MaxSize>30</MaxSize><DesiredCapacity>")
            .append(GROUP_SIZE).append("</DesiredCapacity><DefaultCooldown>300</DefaultCooldown><HealthCheckType>EC2</HealthCheckType><Instances>");
        for (int i = g * GROUP_SIZE; i < (g + 1) * GROUP_SIZE; i++) {
          b.append("<member><InstanceId>").append(id(i)).append("</InstanceId><AvailabilityZone>us-east-1a</AvailabilityZone><LifecycleState>InService</LifecycleState>")
              .append("<HealthStatus>Healthy</HealthStatus><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        }
        b.append("</Instances></member>");
      }
      return b.append("</AutoScalingGroups></DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>").toString();
    }
  }

  private ReaperSelectionBench() {}

}
