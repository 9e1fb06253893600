package dev.compliantami.publisher;

import static dev.compliantami.publisher.PublisherFixture.MEMBER_1;
import static dev.compliantami.publisher.PublisherFixture.MEMBER_2;
import static dev.compliantami.publisher.PublisherFixture.ORG_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.FaultProfile;
import dev.compliantami.testing.FaultProxy;
import dev.compliantami.testing.LocalAws;
import dev.compliantami.testing.SnsCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * ami-publisher on an AVAILABLE image with AMIs in two regions, a previous AMI of the baseline to deprecate and a
 * boundary of 3 accounts × 2 regions, under each fault profile: each AMI is shared and tagged or reported FAILED; each
 * latest-AMI parameter is written or reported FAILED with its true reason; the redelivered event on a healthy network
 * completes exactly what is missing, never sharing or writing twice.
 */
class FaultToleranceTest {
  static final List<String> ACCOUNTS = List.of(LocalAws.ACCOUNT, MEMBER_1, MEMBER_2);
  static final List<String> REGIONS = List.of("us-east-1", "us-west-2");

  private PublisherFixture f;
  private FaultProxy proxy;

  static Stream<FaultProfile> profiles() {
    return FaultProfile.matrix(20261203, 0.2, MEMBER_2).stream();
  }

  @BeforeEach
  void setUp() {
    f = new PublisherFixture();
  }

  @AfterEach
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
    f.close();
  }

  private String ami(String region) {
    return region.equals("us-east-1") ? f.amiEast : f.amiWest;
  }

  private boolean shared(String region) {
    return f.launchPermissions(region, ami(region)).stream().anyMatch(p -> ORG_ARN.equals(p.organizationArn()));
  }

  private boolean published(String account, String region) {
    return ami(region).equals(f.latest(account, region));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void everyShareAndParameterIsDoneOrReportedAndTheRedeliveryCompletesOnlyWhatIsMissing(FaultProfile profile) {
    String old = f.registerAmi("us-east-1", "al2023-stig-high-" + f.suffix + "-previous");
    try (var ec2 = f.ec2("us-east-1")) {
      ec2.createTags(r -> r.resources(old).tags(t -> t.key("compliant-ami:baseline").value(f.baseline), t -> t.key("compliant-ami:managed").value("true")));
    }
    proxy = FaultProxy.start(profile).routeSdkClients();
    AmiPublisherHandler h = f.handler("enforce", Map.of());

    PublishResult first = null;
    try {
      first = PublisherFixture.invoke(h, f.event("AVAILABLE"));
    } catch (SdkException e) {
      // the image or its AMIs could not be read: the invocation fails before any change, and Lambda retries it
      assertThat(proxy.calls()).noneMatch(c -> c.mutating() && c.injected().forwarded() && !c.operation().equals("Publish"));
    }
    if (first != null) {
      assertThat(first.published()).isTrue();
      SnsCapture.Notification n = f.topic.await(1, Duration.ofSeconds(10)).get(0);
      for (PublishResult.AmiOutcome a : first.amis()) {
        boolean failed = a.note() != null && a.note().startsWith("FAILED");
        if (!failed) {
          assertThat(shared(a.region())).as(a.toString()).isTrue();
          assertThat(f.tags(a.region(), a.imageId())).as(a.toString()).containsEntry("compliant-ami:gate", "passed");
        }
        assertThat(n.message()).contains(a.imageId() + " (" + a.region() + ")");
        if (failed) {
          assertThat(n.message()).contains(a.note());
        }
      }
      assertThat(first.rollForward()).hasSize(6);
      for (PublishResult.TargetOutcome t : first.rollForward()) {
        assertThat(t.action()).as(t.toString()).isIn("UPDATED", "FAILED", "NOT_ROLLED_FORWARD");
        if (t.action().equals("UPDATED")) {
          assertThat(published(t.accountId(), t.region())).as(t.toString()).isTrue();
        } else {
          assertThat(n.message()).contains(t.accountId() + "/" + t.region() + ": " + t.action() + " — " + t.detail());
        }
      }
      if (profile.name().equals("unassumable")) {
        assertThat(first.rollForward()).filteredOn(t -> t.accountId().equals(MEMBER_2)).hasSize(2)
            .allSatisfy(t -> assertThat(t.detail()).startsWith("AccessDenied"));
      }
    }
    String tally = proxy.tally().toString();
    List<String> unshared = REGIONS.stream().filter(r -> !shared(r)).toList();
    List<String> unpublished = new ArrayList<>();
    ACCOUNTS.forEach(a -> REGIONS.stream().filter(r -> !published(a, r)).forEach(r -> unpublished.add(a + "/" + r)));

    proxy.profile(FaultProfile.none());
    proxy.clearCalls();
    PublishResult replay = PublisherFixture.invoke(h, f.event("AVAILABLE"));

    REGIONS.forEach(r -> assertThat(shared(r)).as(r).isTrue());
    ACCOUNTS.forEach(a -> REGIONS.forEach(r -> assertThat(published(a, r)).as(a + "/" + r).isTrue()));
    assertThat(f.tags("us-east-1", old)).containsEntry("compliant-ami:superseded-by", f.imageArn);
    assertThat(replay.rollForward()).extracting(PublishResult.TargetOutcome::action).isSubsetOf("UPDATED", "UNCHANGED");
    assertThat(proxy.forwarded("ModifyImageAttribute")).as("shared again").hasSize(unshared.size());
    assertThat(proxy.forwarded("PutParameter")).as("written again").hasSize(unpublished.size());
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).hasSize(1);
    System.out.printf("FAULT|ami-publisher|%s|calls=%s|unsharedAfterFirst=%d|unpublishedAfterFirst=%d%n", profile, tally,
        unshared.size(), unpublished.size());
  }
}
