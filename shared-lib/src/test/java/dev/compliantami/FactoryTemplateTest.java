package dev.compliantami;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optional AMI factory of {@code template.yaml} (CreateFactoryPipeline): every factory resource is
 * conditional, the stack renders with the factory off without a dangling reference, and the recipe,
 * infrastructure, distribution and pipeline are wired and tagged so that pipeline-starter may start the
 * pipeline, release-watcher watches what it is built from and ami-publisher can share what it builds.
 *
 * <p>"Rendering" evaluates the template's Conditions and {@code Fn::If} for a set of parameter values (the
 * template's defaults overridden by the test), as CloudFormation would before creating anything.
 */
class FactoryTemplateTest {
  private static final String REGION = "us-east-1";
  private static final Object NO_VALUE = new Object();
  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([A-Za-z0-9:]+)(?:\\.[A-Za-z0-9.]+)?}");

  private static Map<String, Object> template;

  @BeforeAll
  static void load() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("template.yaml above %s", Path.of("").toAbsolutePath()).isNotNull();
    template = TemplateContractTest.CfnYaml.load(dir.resolve("template.yaml"));
  }

  // ---------------------------------------------------------------------------------------------
  // on and off
  // ---------------------------------------------------------------------------------------------

  @Test
  void everyFactoryResourceAndOutputIsConditionalOnCreatesFactory() {
    Map<String, Map<String, Object>> resources = section("Resources");
    List<String> factory = resources.entrySet().stream()
        .filter(e -> e.getKey().startsWith("Factory") || String.valueOf(e.getValue().get("Type")).startsWith("AWS::ImageBuilder::"))
        .map(Map.Entry::getKey).toList();
    assertThat(factory).contains("FactoryKey", "FactoryLogBucket", "FactoryLogBucketPolicy", "FactoryInstanceRole", "FactoryInstanceProfile",
        "FactoryImageRecipe", "FactoryInfrastructureConfiguration", "FactoryDistributionConfiguration", "FactoryImagePipeline");
    for (String id : factory) {
      assertThat(resources.get(id).get("Condition")).as("%s.Condition", id).isEqualTo("CreatesFactory");
    }
    section("Outputs").forEach((id, output) -> {
      if (id.startsWith("Factory")) {
        assertThat(output.get("Condition")).as("Outputs.%s.Condition", id).isEqualTo("CreatesFactory");
      }
    });
    assertThat(section("Parameters").get("CreateFactoryPipeline")).containsEntry("Default", "true")
        .containsEntry("AllowedValues", List.of("true", "false"));
  }

  @Test
  void withTheFactoryOffNoFactoryResourceIsCreatedAndNothingLeftReferencesOne() {
    Render off = new Render(Map.of("CreateFactoryPipeline", "false"));
    assertThat(off.live().keySet()).noneMatch(id -> id.startsWith("Factory"))
        .contains("PipelineStarterFunction", "ReleaseWatcherFunction", "AmiPublisherFunction");
    assertThat(off.danglingReferences()).isEmpty();
    assertThat(off.liveOutputs()).noneMatch(id -> id.startsWith("Factory"));
  }

  @Test
  void withTheFactoryOnEveryFactoryResourceIsCreatedWithoutADanglingReference() {
    Render on = new Render(Map.of());
    assertThat(on.live()).containsKeys("FactoryKey", "FactoryImageRecipe", "FactoryImagePipeline");
    assertThat(on.danglingReferences()).isEmpty();
    assertThat(on.liveOutputs()).contains("FactoryPipelineArn", "FactoryLogBucketName");
    // with an organization too (the key policy's conditional statement) and further regions
    Render orgAndRegions = new Render(Map.of("OrganizationId", "o-abcdefghij", "FactoryRegions", "eu-west-1,us-west-2"));
    assertThat(orgAndRegions.danglingReferences()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // recipe: base image, components, encryption
  // ---------------------------------------------------------------------------------------------

  @Test
  void theRecipeBuildsOnThePublicParameterReleaseWatcherWatchesUnderTheChosenName() {
    Map<String, String> watchedDefaults = watchedBaseImageDefaults();
    @SuppressWarnings("unchecked")
    List<String> choices = (List<String>) section("Parameters").get("FactoryBaseImage").get("AllowedValues");
    assertThat(choices).contains("al2023-x86_64", "al2023-arm64");
    for (String choice : choices) {
      Map<String, Object> recipe = new Render(Map.of("FactoryBaseImage", choice)).properties("FactoryImageRecipe");
      assertThat(watchedDefaults).as("WatchedBaseImages' default watches %s", choice).containsKey(choice);
      assertThat(recipe.get("ParentImage")).as("parent image of %s", choice).isEqualTo(watchedDefaults.get(choice));
      Object instanceType = ((List<?>) new Render(Map.of("FactoryBaseImage", choice))
          .properties("FactoryInfrastructureConfiguration").get("InstanceTypes")).get(0);
      assertThat(instanceType).as("build instance of %s", choice).isEqualTo(choice.endsWith("arm64") ? "t4g.medium" : "t3.medium");
    }
    assertThat(new Render(Map.of()).properties("FactoryImageRecipe").get("ParentImage"))
        .isEqualTo("ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
  }

  @Test
  void theRecipeAppliesTheUnifiedStigComponentAtStigLevelAfterTheUpdatesAndNoScapCheckerOnAl2023() {
    Map<String, Object> recipe = new Render(Map.of()).properties("FactoryImageRecipe");
    List<Map<String, Object>> components = maps(recipe.get("Components"));
    List<String> names = components.stream().map(c -> awsComponentName(c.get("ComponentArn"))).toList();
    assertThat(names).containsExactly("update-linux", "stig-build-linux", "reboot-test-linux");
    Map<String, Object> stig = components.get(1);
    assertThat(maps(stig.get("Parameters"))).containsExactly(Map.of("Name", "Level", "Value", List.of("High")));
    Map<String, Object> low = maps(new Render(Map.of("StigLevel", "Low")).properties("FactoryImageRecipe").get("Components")).get(1);
    assertThat(maps(low.get("Parameters"))).containsExactly(Map.of("Name", "Level", "Value", List.of("Low")));
    assertThat(section("Parameters").get("StigLevel")).containsEntry("Default", "High")
        .containsEntry("AllowedValues", List.of("High", "Medium", "Low"));
    assertThat(names).noneMatch(n -> n.startsWith("scap-compliance-checker"));
    // release-watcher reports new versions of the hardening component by default
    String watched = (String) section("Parameters").get("WatchedComponents").get("Default");
    assertThat(Arrays.asList(watched.split(","))).contains("stig-build-linux");
  }

  @Test
  void theRootVolumeIsEncryptedWithTheFactoryKeyAndAmisAreCopiedWithAKeyInEveryRegion() {
    Render on = new Render(Map.of("FactoryRegions", "eu-west-1," + REGION + ",us-west-2"));
    Map<String, Object> ebs = map(maps(on.properties("FactoryImageRecipe").get("BlockDeviceMappings")).get(0).get("Ebs"));
    assertThat(ebs).containsEntry("Encrypted", true).containsEntry("KmsKeyId", getAtt("FactoryKey", "Arn"));
    List<Map<String, Object>> distributions = maps(on.properties("FactoryDistributionConfiguration").get("Distributions"));
    assertThat(distributions).extracting(d -> d.get("Region")).containsExactly(REGION, "eu-west-1", "us-west-2");
    for (Map<String, Object> d : distributions) {
      Map<String, Object> ami = map(d.get("AmiDistributionConfiguration"));
      assertThat(ami.get("KmsKeyId")).as("key of the AMI copy in %s", d.get("Region")).isNotNull();
      assertThat(ami).doesNotContainKey("LaunchPermissionConfiguration").doesNotContainKey("TargetAccountIds");
      assertThat(map(ami.get("AmiTags"))).doesNotContainKey("compliant-ami:managed");
    }
    assertThat(new Render(Map.of()).properties("FactoryDistributionConfiguration").get("Distributions")).asList().hasSize(1);
    // the organization may use the key to launch from the shared AMIs only when there is one
    assertThat(maps(map(new Render(Map.of()).properties("FactoryKey").get("KeyPolicy")).get("Statement"))).hasSize(1);
    Map<String, Object> org = maps(map(new Render(Map.of("OrganizationId", "o-abcdefghij")).properties("FactoryKey").get("KeyPolicy"))
        .get("Statement")).get(1);
    assertThat(map(map(org.get("Condition")).get("StringEquals"))).containsEntry("aws:PrincipalOrgID", "o-abcdefghij");
  }

  @Test
  void withAnOrganizationTheFactoryKeyPassesAmiPublishersShareableKeyCheck() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    String withOrg = json.writeValueAsString(new Render(Map.of("OrganizationId", "o-abcdefghij")).properties("FactoryKey").get("KeyPolicy"));
    assertThat(dev.compliantami.policy.KeyPolicies.allowsOrganization(withOrg, "o-abcdefghij")).isTrue();
    assertThat(dev.compliantami.policy.KeyPolicies.allowsOrganization(withOrg, "o-zzzzzzzzzz")).isFalse();
    String withoutOrg = json.writeValueAsString(new Render(Map.of()).properties("FactoryKey").get("KeyPolicy"));
    assertThat(dev.compliantami.policy.KeyPolicies.allowsOrganization(withoutOrg, "o-abcdefghij")).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // infrastructure: instance profile, IMDSv2, logs
  // ---------------------------------------------------------------------------------------------

  @Test
  void buildInstancesRequireImdsV2AreTerminatedOnFailureAndLogToTheBucket() {
    Render on = new Render(Map.of());
    Map<String, Object> infra = on.properties("FactoryInfrastructureConfiguration");
    assertThat(map(infra.get("InstanceMetadataOptions"))).containsEntry("HttpTokens", "required");
    assertThat(infra).containsEntry("TerminateInstanceOnFailure", true)
        .containsEntry("InstanceProfileName", Map.of("Ref", "FactoryInstanceProfile"));
    assertThat(map(map(infra.get("Logging")).get("S3Logs")))
        .containsEntry("S3BucketName", Map.of("Ref", "FactoryLogBucket"))
        .containsEntry("S3KeyPrefix", "al2023-stig-high");
    assertThat(on.properties("FactoryInstanceProfile")).containsEntry("Roles", List.of(Map.of("Ref", "FactoryInstanceRole")));
  }

  @Test
  void theInstanceRoleHasOnlyWhatTheBuildNeeds() {
    Map<String, Object> role = new Render(Map.of()).properties("FactoryInstanceRole");
    assertThat(role.get("ManagedPolicyArns")).asList().containsExactlyInAnyOrder(
        Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"),
        Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::aws:policy/EC2InstanceProfileForImageBuilder"));
    List<Map<String, Object>> statements = maps(map(maps(role.get("Policies")).get(0).get("PolicyDocument")).get("Statement"));
    Map<String, Object> grants = new LinkedHashMap<>();
    statements.forEach(s -> grants.put(String.valueOf(s.get("Action")), s.get("Resource")));
    assertThat(grants).containsEntry("s3:GetObject", Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::aws-windows-downloads-*/*"))
        .containsEntry("s3:PutObject", Map.of("Fn::Sub", "${FactoryLogBucket.Arn}/${FactoryBaselineName}/*"));
    assertThat(statements).allSatisfy(s -> {
      assertThat(s.get("Effect")).isEqualTo("Allow");
      assertThat(s.get("Resource")).as("statement %s", s.get("Sid")).isNotEqualTo("*");
    });
    assertThat(statements).filteredOn(s -> String.valueOf(s.get("Action")).contains("logs:"))
        .singleElement().satisfies(s -> assertThat(s.get("Resource"))
            .isEqualTo(Map.of("Fn::Sub", "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/imagebuilder/*")));
  }

  @Test
  void theLogBucketIsEncryptedPrivateTlsOnlyAndExpires() {
    Render on = new Render(Map.of());
    Map<String, Object> bucket = on.properties("FactoryLogBucket");
    Map<String, Object> sse = map(maps(map(bucket.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0)
        .get("ServerSideEncryptionByDefault"));
    assertThat(sse).containsEntry("SSEAlgorithm", "aws:kms").containsEntry("KMSMasterKeyID", getAtt("FactoryKey", "Arn"));
    assertThat(map(bucket.get("PublicAccessBlockConfiguration"))).hasSize(4).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(true));
    assertThat(maps(map(bucket.get("LifecycleConfiguration")).get("Rules")))
        .anySatisfy(r -> assertThat(r).containsEntry("Status", "Enabled").containsKey("ExpirationInDays"));
    Map<String, Object> tlsOnly = maps(map(on.properties("FactoryLogBucketPolicy").get("PolicyDocument")).get("Statement")).get(0);
    assertThat(tlsOnly).containsEntry("Effect", "Deny")
        .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
  }

  // ---------------------------------------------------------------------------------------------
  // pipeline: wiring, tags, no schedule; the functions' IAM covers it
  // ---------------------------------------------------------------------------------------------

  @Test
  void thePipelineJoinsRecipeInfrastructureAndDistributionHasNoScheduleAndCarriesTheManagedTags() {
    Map<String, Object> pipeline = new Render(Map.of()).properties("FactoryImagePipeline");
    assertThat(pipeline)
        .containsEntry("ImageRecipeArn", getAtt("FactoryImageRecipe", "Arn"))
        .containsEntry("InfrastructureConfigurationArn", getAtt("FactoryInfrastructureConfiguration", "Arn"))
        .containsEntry("DistributionConfigurationArn", getAtt("FactoryDistributionConfiguration", "Arn"))
        .containsEntry("Name", "al2023-stig-high")
        .containsEntry("Status", "ENABLED")
        .doesNotContainKey("Schedule");
    assertThat(map(pipeline.get("Tags"))).containsExactlyInAnyOrderEntriesOf(Map.of(
        "compliant-ami:managed", "true",
        "compliant-ami:baseline", "al2023-stig-high",
        "compliant-ami:base-image", "al2023-x86_64"));
    Map<String, Object> arm = new Render(Map.of("FactoryBaseImage", "al2023-arm64", "FactoryBaselineName", "al2023-arm64-stig-medium"))
        .properties("FactoryImagePipeline");
    assertThat(map(arm.get("Tags"))).containsEntry("compliant-ami:baseline", "al2023-arm64-stig-medium")
        .containsEntry("compliant-ami:base-image", "al2023-arm64");
    assertThat(map(pipeline.get("ImageTestsConfiguration"))).containsEntry("ImageTestsEnabled", true);
    assertThat(map(new Render(Map.of()).properties("FactoryImagePipeline").get("ImageScanningConfiguration")))
        .containsEntry("ImageScanningEnabled", true);
    assertThat(map(new Render(Map.of("FactoryImageScanning", "false")).properties("FactoryImagePipeline").get("ImageScanningConfiguration")))
        .containsEntry("ImageScanningEnabled", false);
    // ami-publisher reads the recipe's tags under the pipeline's: the recipe is tagged the same way
    assertThat(map(new Render(Map.of()).properties("FactoryImageRecipe").get("Tags")))
        .containsEntry("compliant-ami:managed", "true").containsEntry("compliant-ami:baseline", "al2023-stig-high");
    // the default baseline is what the pipeline, its images and the AMIs are named after
    assertThat(section("Parameters").get("FactoryBaselineName").get("Default")).isEqualTo("al2023-stig-high");
  }

  @Test
  void pipelineStarterMayStartItAndAmiPublisherMayReadIt() {
    Render on = new Render(Map.of());
    Map<String, Object> start = statement(on, "PipelineStarterFunction", "StartManagedImagePipelines");
    assertThat(start.get("Action")).isEqualTo("imagebuilder:StartImagePipelineExecution");
    assertThat(start.get("Resource")).isEqualTo(Map.of("Fn::Sub",
        "arn:${AWS::Partition}:imagebuilder:${AWS::Region}:${AWS::AccountId}:image-pipeline/*"));
    String requiredTag = "compliant-ami:managed";
    assertThat(map(map(start.get("Condition")).get("StringEquals")))
        .containsEntry("aws:ResourceTag/" + requiredTag, map(on.properties("FactoryImagePipeline").get("Tags")).get(requiredTag));
    Map<String, Object> read = statement(on, "AmiPublisherFunction", "ReadImagePipelines");
    assertThat(read.get("Action")).isEqualTo("imagebuilder:GetImagePipeline");
    assertThat(statement(on, "AmiPublisherFunction", "ReadBuiltImages").get("Action")).isEqualTo("imagebuilder:GetImage");
  }

  // ---------------------------------------------------------------------------------------------
  // the renderer, tested on its own so that the checks above cannot pass vacuously
  // ---------------------------------------------------------------------------------------------

  @Test
  void theRendererEvaluatesConditionsAndFindsDanglingReferences() {
    Render off = new Render(Map.of("CreateFactoryPipeline", "false"));
    assertThat(off.condition("CreatesFactory")).isFalse();
    assertThat(new Render(Map.of()).condition("CreatesFactory")).isTrue();
    assertThat(new Render(Map.of("FactoryRegions", REGION)).condition("FactoryDistributesToRegion1")).isFalse();
    assertThat(new Render(Map.of("FactoryRegions", "eu-west-1")).condition("FactoryDistributesToRegion1")).isTrue();
    Map<String, Object> referrer = Map.of("Type", "AWS::SNS::Topic", "Properties",
        Map.of("KmsMasterKeyId", Map.of("Fn::Sub", "${FactoryKey.Arn}"), "TopicName", Map.of("Fn::GetAtt", List.of("FactoryLogBucket", "Arn"))));
    assertThat(off.danglingReferences(Map.of("Referrer", referrer)))
        .containsExactlyInAnyOrder("Referrer -> FactoryKey", "Referrer -> FactoryLogBucket");
  }

  // ---------------------------------------------------------------------------------------------

  /** The template with its Conditions and Fn::If evaluated for the defaults overridden by {@code overrides}. */
  private static final class Render {
    private final Map<String, Object> parameters = new HashMap<>();
    private final Map<String, Boolean> conditions = new HashMap<>();

    Render(Map<String, String> overrides) {
      section("Parameters").forEach((name, p) -> {
        Object value = overrides.containsKey(name) ? overrides.get(name) : p.get("Default");
        String text = value == null ? "" : String.valueOf(value);
        parameters.put(name, "CommaDelimitedList".equals(p.get("Type")) ? List.of(text.split(",", -1)) : text);
      });
      overrides.keySet().forEach(name -> assertThat(parameters).as("parameters of template.yaml").containsKey(name));
    }

    boolean condition(String name) {
      Boolean known = conditions.get(name);
      if (known == null) {
        Object definition = template_("Conditions").get(name);
        assertThat(definition).as("condition %s", name).isNotNull();
        known = (Boolean) eval(definition);
        conditions.put(name, known);
      }
      return known;
    }

    Map<String, Map<String, Object>> live() {
      Map<String, Map<String, Object>> live = new LinkedHashMap<>();
      section("Resources").forEach((id, r) -> {
        if (!(r.get("Condition") instanceof String c) || condition(c)) {
          live.put(id, r);
        }
      });
      return live;
    }

    Set<String> liveOutputs() {
      Set<String> out = new TreeSet<>();
      section("Outputs").forEach((id, o) -> {
        if (!(o.get("Condition") instanceof String c) || condition(c)) {
          out.add(id);
        }
      });
      return out;
    }

    Map<String, Object> properties(String id) {
      Map<String, Object> resource = live().get(id);
      assertThat(resource).as("resource %s is created with these parameters", id).isNotNull();
      return map(eval(resource.getOrDefault("Properties", Map.of())));
    }

    List<String> danglingReferences() {
      Map<String, Map<String, Object>> referrers = new LinkedHashMap<>(live());
      section("Outputs").forEach((id, o) -> {
        if (!(o.get("Condition") instanceof String c) || condition(c)) {
          referrers.put("Outputs." + id, o);
        }
      });
      return danglingReferences(referrers);
    }

    /** "referrer -> resource" for every reference of a referrer (after Fn::If) to a resource that is not created. */
    List<String> danglingReferences(Map<String, Map<String, Object>> referrers) {
      Set<String> all = section("Resources").keySet();
      Set<String> live = live().keySet();
      List<String> problems = new ArrayList<>();
      referrers.forEach((id, r) -> {
        Set<String> refs = new TreeSet<>();
        collectReferences(eval(r), refs);
        refs.stream().filter(all::contains).filter(ref -> !live.contains(ref)).forEach(ref -> problems.add(id + " -> " + ref));
      });
      return problems;
    }

    private void collectReferences(Object node, Set<String> refs) {
      if (node instanceof Map<?, ?> m) {
        if (m.size() == 1 && m.get("Ref") instanceof String ref) {
          refs.add(ref.split("\\.")[0]);
          return;
        }
        if (m.size() == 1 && m.get("Fn::GetAtt") instanceof List<?> att) {
          refs.add(String.valueOf(att.get(0)));
          return;
        }
        if (m.size() == 1 && m.containsKey("Fn::Sub")) {
          Object sub = m.get("Fn::Sub");
          String text = sub instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(sub);
          Matcher v = SUB_VAR.matcher(text);
          while (v.find()) {
            refs.add(v.group(1));
          }
          if (sub instanceof List<?> l && l.size() > 1) {
            collectReferences(l.get(1), refs);
          }
          return;
        }
        m.forEach((k, v) -> {
          if ("DependsOn".equals(k)) {
            (v instanceof List<?> l ? l : List.of(v)).forEach(d -> refs.add(String.valueOf(d)));
          } else {
            collectReferences(v, refs);
          }
        });
      } else if (node instanceof List<?> l) {
        l.forEach(e -> collectReferences(e, refs));
      }
    }

    private Object eval(Object node) {
      if (node instanceof List<?> list) {
        List<Object> out = new ArrayList<>();
        for (Object e : list) {
          Object v = eval(e);
          if (v != NO_VALUE) {
            out.add(v);
          }
        }
        return out;
      }
      if (!(node instanceof Map<?, ?> m)) {
        return node;
      }
      if (m.size() == 1) {
        Map.Entry<?, ?> fn = m.entrySet().iterator().next();
        Object arg = fn.getValue();
        switch (String.valueOf(fn.getKey())) {
          case "Ref" -> {
            String name = String.valueOf(arg);
            return switch (name) {
              case "AWS::NoValue" -> NO_VALUE;
              case "AWS::Region" -> REGION;
              default -> parameters.containsKey(name) ? parameters.get(name) : node;
            };
          }
          case "Condition" -> {
            return condition(String.valueOf(arg));
          }
          case "Fn::If" -> {
            List<?> a = (List<?>) arg;
            return eval(condition(String.valueOf(a.get(0))) ? a.get(1) : a.get(2));
          }
          case "Fn::Equals" -> {
            List<?> a = (List<?>) arg;
            return Objects.equals(eval(a.get(0)), eval(a.get(1)));
          }
          case "Fn::Not" -> {
            return !(Boolean) eval(((List<?>) arg).get(0));
          }
          case "Fn::And" -> {
            return ((List<?>) arg).stream().allMatch(c -> (Boolean) eval(c));
          }
          case "Fn::Or" -> {
            return ((List<?>) arg).stream().anyMatch(c -> (Boolean) eval(c));
          }
          case "Fn::Select" -> {
            List<?> a = (List<?>) arg;
            Object list = eval(a.get(1));
            if (list instanceof List<?> l) {
              return l.get(Integer.parseInt(String.valueOf(eval(a.get(0)))));
            }
            return Map.of("Fn::Select", List.of(a.get(0), list));
          }
          case "Fn::Split" -> {
            List<?> a = (List<?>) arg;
            Object text = eval(a.get(1));
            return text instanceof String s ? List.of(s.split(Pattern.quote(String.valueOf(a.get(0))), -1)) : Map.of("Fn::Split", List.of(a.get(0), text));
          }
          case "Fn::Join" -> {
            List<?> a = (List<?>) arg;
            Object parts = eval(a.get(1));
            if (parts instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
              return l.stream().map(String::valueOf).collect(Collectors.joining(String.valueOf(a.get(0))));
            }
            return Map.of("Fn::Join", List.of(a.get(0), parts));
          }
          default -> {
            // other intrinsic functions (GetAtt, Sub, ...) stay as they are, with their insides evaluated
          }
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        Object e = eval(v);
        if (e != NO_VALUE) {
          out.put(String.valueOf(k), e);
        }
      });
      return out;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static Map<String, Object> statement(Render render, String function, String sid) {
    for (Map<String, Object> policy : maps(render.properties(function).get("Policies"))) {
      for (Map<String, Object> s : maps(policy.getOrDefault("Statement", List.of()))) {
        if (sid.equals(s.get("Sid"))) {
          return s;
        }
      }
    }
    throw new AssertionError(function + " has no policy statement " + sid);
  }

  /** WatchedBaseImages' default as name → "ssm:" + parameter (the form of a recipe's ParentImage). */
  private static Map<String, String> watchedBaseImageDefaults() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : String.valueOf(section("Parameters").get("WatchedBaseImages").get("Default")).split(",")) {
      String[] kv = entry.trim().split("=", 2);
      out.put(kv[0], kv[1]);
    }
    return out;
  }

  /** {@code stig-build-linux} of {@code {Fn::Sub: arn:${AWS::Partition}:imagebuilder:${AWS::Region}:aws:component/stig-build-linux/x.x.x}}. */
  private static String awsComponentName(Object arn) {
    String text = String.valueOf(map(arn).get("Fn::Sub"));
    Matcher m = Pattern.compile("^arn:\\$\\{AWS::Partition}:imagebuilder:\\$\\{AWS::Region}:aws:component/([a-z0-9-]+)/x\\.x\\.x$").matcher(text);
    assertThat(m.matches()).as("an AWS-managed component ARN (latest version, this partition and region): %s", text).isTrue();
    return m.group(1);
  }

  private static Map<String, Object> getAtt(String id, String attribute) {
    return Map.of("Fn::GetAtt", List.of(id, attribute));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> section(String name) {
    return (Map<String, Map<String, Object>>) (Map<String, ?>) template_(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> template_(String name) {
    Object s = template.get(name);
    assertThat(s).as("template section %s", name).isInstanceOf(Map.class);
    return (Map<String, Object>) s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object o) {
    assertThat(o).isInstanceOf(List.class);
    return (List<Map<String, Object>>) o;
  }
}
