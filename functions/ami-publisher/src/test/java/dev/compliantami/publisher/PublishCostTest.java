package dev.compliantami.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.testing.CallCounter;
import dev.compliantami.testing.ImageBuilderStub.AmiSeed;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What publishing one image costs in API calls: AMIs in 3 regions rolled forward to 10 member accounts
 * (counted by an SDK execution interceptor on every client, the member accounts' included).
 */
class PublishCostTest {

  @Test
  void oneImageThreeRegionsTenMemberAccounts() {
    try (PublisherFixture f = new PublisherFixture()) {
      String amiEu = f.registerAmi("eu-west-1", "al2023-stig-high-" + f.suffix + "-eu");
      f.ib.addImage(f.ib.image(f.imageArn).withAmis(List.of(
          AmiSeed.of("us-east-1", f.amiEast), AmiSeed.of("us-west-2", f.amiWest), AmiSeed.of("eu-west-1", amiEu))));
      String members = IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("3000000000%02d", i)).collect(Collectors.joining(","));
      CallCounter.reset();

      PublishResult r = PublisherFixture.invoke(f.handler("enforce", Map.of(
          "BOUNDARY_ACCOUNT_IDS", members, "BOUNDARY_REGIONS", "us-east-1,us-west-2,eu-west-1")), f.event("AVAILABLE"));

      Map<String, Integer> calls = CallCounter.snapshot();
      int total = calls.values().stream().mapToInt(Integer::intValue).sum();
      System.out.println("API calls, one image with AMIs in 3 regions to 10 member accounts: " + total + " " + calls);
      assertThat(r.rollForward()).hasSize(30).extracting(PublishResult.TargetOutcome::action).containsOnly("UPDATED");
      assertThat(calls)
          .containsEntry("Sts:AssumeRole", 10)
          .containsEntry("Ssm:GetParameter", 30)
          .containsEntry("Ssm:PutParameter", 30)
          .containsEntry("Ec2:ModifyImageAttribute", 3)
          .containsEntry("Ec2:CreateTags", 3)
          .containsEntry("Imagebuilder:GetImage", 1)
          .containsEntry("EventBridge:PutEvents", 1)
          .containsEntry("Sns:Publish", 1);
    }
  }
}
