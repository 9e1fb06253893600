package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.policy.PipelineSelection.Selection;
import dev.compliantami.policy.PipelineSelection.SkipReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSelectionTest {
  private static final String ACCT = "arn:aws:imagebuilder:us-east-1:111122223333:";
  private static final String AL2023_PARAM = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
  private static final String STIG_HIGH = "arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux-high/x.x.x";

  private final Map<String, FactoryRecipe> recipes = new HashMap<>();

  private FactoryPipeline pipeline(String name, String status, String lastRun, Map<String, String> extraTags, String parent, String... components) {
    Map<String, String> tags = new HashMap<>(extraTags);
    tags.putIfAbsent(ManagedTags.MANAGED, "true");
    String recipeArn = ACCT + "image-recipe/" + name + "/1.0.0";
    recipes.put(recipeArn, new FactoryRecipe(recipeArn, parent, List.of(components)));
    return new FactoryPipeline(ACCT + "image-pipeline/" + name, name, status, tags, recipeArn, lastRun);
  }

  private FactoryPipeline ssmPipeline(String name) {
    return pipeline(name, "ENABLED", "AVAILABLE", Map.of(), "ssm:" + AL2023_PARAM, STIG_HIGH);
  }

  @Test
  void scheduleStartsEveryEnabledManagedPipelineAndSkipsTheRestWithReasons() {
    List<FactoryPipeline> all =
        List.of(
            ssmPipeline("b-ok"),
            ssmPipeline("a-ok"),
            pipeline("c-disabled", "DISABLED", null, Map.of(), "ami-0123456789abcdef0"),
            pipeline("d-building", "ENABLED", "BUILDING", Map.of(), "ami-0123456789abcdef0"),
            pipeline("e-unmanaged", "ENABLED", null, Map.of(ManagedTags.MANAGED, "false"), "ami-0123456789abcdef0"));

    Selection s = PipelineSelection.select(new PipelineTrigger.Refresh("exec-1", true, List.of()), all, recipes, 10);

    assertThat(s.starts()).extracting(st -> st.pipeline().name()).containsExactly("a-ok", "b-ok");
    assertThat(s.skips()).extracting(sk -> sk.pipeline().name() + ":" + sk.reason())
        .containsExactly("c-disabled:DISABLED", "d-building:BUILD_IN_PROGRESS");
    assertThat(s.starts().get(0).clientToken()).isEqualTo(ClientTokens.of("exec-1", ACCT + "image-pipeline/a-ok"));
  }

  @Test
  void capLeavesTheRestForLaterAndSaysSo() {
    List<FactoryPipeline> all = List.of(ssmPipeline("p1"), ssmPipeline("p2"), ssmPipeline("p3"));
    Selection s = PipelineSelection.select(new PipelineTrigger.Refresh("exec-1", true, List.of()), all, recipes, 2);
    assertThat(s.starts()).hasSize(2);
    assertThat(s.skips()).singleElement().satisfies(sk -> {
      assertThat(sk.reason()).isEqualTo(SkipReason.OVER_CAP);
      assertThat(sk.pipeline().name()).isEqualTo("p3");
      assertThat(sk.detail()).contains("at most 2");
    });
  }

  @Test
  void baseImageMatchesByTagBySsmParentAndByImageBuilderParentOnly() {
    List<FactoryPipeline> all =
        List.of(
            pipeline("by-tag", "ENABLED", null, Map.of(ManagedTags.BASE_IMAGE, "al2023-x86"), "ami-0123456789abcdef0"),
            ssmPipeline("by-ssm"),
            pipeline("by-ib-arn", "ENABLED", null, Map.of(), "arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/x.x.x"),
            pipeline("other-base", "ENABLED", null, Map.of(), "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"),
            pipeline("raw-ami", "ENABLED", null, Map.of(), "ami-0123456789abcdef0"));

    assertThat(select(new PipelineTrigger.BaseImageChanged("e1", "al2023-x86", "us-east-1", "ami-1", null), all))
        .containsExactly("by-tag");
    assertThat(select(new PipelineTrigger.BaseImageChanged("e2", AL2023_PARAM, "us-east-1", "ami-1", null), all))
        .containsExactly("by-ssm");
    assertThat(select(new PipelineTrigger.BaseImageChanged("e3", "ssm:" + AL2023_PARAM, "us-east-1", "ami-1", null), all))
        .containsExactly("by-ssm");
    assertThat(select(new PipelineTrigger.BaseImageChanged("e4", "amazon-linux-2023-x86", "us-east-1", "ami-1", null), all))
        .containsExactly("by-ib-arn");
    assertThat(select(new PipelineTrigger.BaseImageChanged("e5", "arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/2025.1.1", "us-east-1", "ami-1", null), all))
        .containsExactly("by-ib-arn");
    // a configured name=ssm:<path> item matches recipes built on that parameter without any tag
    assertThat(select(new PipelineTrigger.BaseImageChanged("e7", "al2023", "us-east-1", "ami-1", AL2023_PARAM), all))
        .containsExactly("by-ssm");
    Selection none = PipelineSelection.select(new PipelineTrigger.BaseImageChanged("e6", "ubuntu-24.04", "us-east-1", "ami-1", null), all, recipes, 10);
    assertThat(none.starts()).isEmpty();
    assertThat(none.notAffected()).isEqualTo(5);
  }

  @Test
  void componentMatchesByNameAnyVersionAndWarnsAboutPinnedRecipes() {
    List<FactoryPipeline> all =
        List.of(
            pipeline("latest", "ENABLED", null, Map.of(), "ami-0123456789abcdef0", STIG_HIGH),
            pipeline("pinned", "ENABLED", null, Map.of(), "ami-0123456789abcdef0",
                "arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux-high/2025.1.0/1"),
            pipeline("medium", "ENABLED", null, Map.of(), "ami-0123456789abcdef0",
                "arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux-medium/x.x.x"),
            pipeline("unified", "ENABLED", null, Map.of(), "ami-0123456789abcdef0",
                "arn:aws:imagebuilder:us-east-1:aws:component/stig-build-linux/1.0.3/1"));

    Selection s = PipelineSelection.select(new PipelineTrigger.ComponentReleased("e1", "stig-build-linux-high", "2025.2.0"), all, recipes, 10);

    assertThat(s.starts()).extracting(st -> st.pipeline().name()).containsExactly("latest", "pinned");
    assertThat(s.starts().get(0).note()).isNull();
    assertThat(s.starts().get(1).note()).contains("pins stig-build-linux-high/2025.1.0").contains("2025.2.0");
    assertThat(s.notAffected()).isEqualTo(2);

    Selection unified = PipelineSelection.select(new PipelineTrigger.ComponentReleased("e2", "stig-build-linux", "1.0.3"), all, recipes, 10);
    assertThat(unified.starts()).extracting(st -> st.pipeline().name()).containsExactly("unified");
    assertThat(unified.starts().get(0).note()).isNull();
  }

  @Test
  void unreadableRecipeIsReportedNotSilentlyTreatedAsNoMatch() {
    FactoryPipeline p = ssmPipeline("p");
    recipes.clear();
    Selection s = PipelineSelection.select(new PipelineTrigger.ComponentReleased("e1", "stig-build-linux-high", "2025.2.0"), List.of(p), recipes, 10);
    assertThat(s.skips()).singleElement().extracting(PipelineSelection.Skip::reason).isEqualTo(SkipReason.RECIPE_UNREADABLE);
  }

  @Test
  void manualRunLimitedToTargetsReportsUnknownOnes() {
    List<FactoryPipeline> all = List.of(ssmPipeline("p1"), ssmPipeline("p2"));
    Selection s =
        PipelineSelection.select(
            new PipelineTrigger.Refresh("CHG-1", false, List.of("p2", ACCT + "image-pipeline/p1", "nope")), all, recipes, 10);
    assertThat(s.starts()).extracting(st -> st.matchedBy()).containsOnly("manual run");
    assertThat(s.starts()).hasSize(2);
    assertThat(s.unknownTargets()).containsExactly("nope");
  }

  private List<String> select(PipelineTrigger t, List<FactoryPipeline> all) {
    return PipelineSelection.select(t, all, recipes, 10).starts().stream().map(st -> st.pipeline().name()).toList();
  }
}
