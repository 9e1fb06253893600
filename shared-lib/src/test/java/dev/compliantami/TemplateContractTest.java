package dev.compliantami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The deployment contract between {@code template.yaml}, the {@code Makefile} build targets, the Maven
 * modules under {@code functions/} and the sample events under {@code events/}: every function in the
 * template is built from a module whose handler class exists and is a Lambda handler, has sample
 * events, publishes a SnapStart alias, and no identity policy grants wildcard actions.
 *
 * <p>The template is parsed as YAML (SnakeYAML) with CloudFormation's short-form tags turned into their
 * long forms ({@code !Ref X} → {@code {Ref: X}}, {@code !GetAtt A.B} → {@code {Fn::GetAtt: [A, B]}},
 * {@code !Sub s} → {@code {Fn::Sub: s}} …), so nothing here is a grep of the file.
 */
class TemplateContractTest {
  private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
  private static final Pattern MAKEFILE_MAPPING =
      Pattern.compile("^\\s*MODULE_([A-Za-z0-9]+)\\s*(?::{1,3}=|\\?=|=)\\s*(\\S+)\\s*(?:#.*)?$");
  /** {@code pkg.Class::method}, {@code pkg.Class} or {@code pkg.Outer$Inner[::method]}. */
  private static final Pattern HANDLER =
      Pattern.compile("^((?:[A-Za-z_][A-Za-z0-9_]*\\.)*)([A-Za-z_][A-Za-z0-9_$]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?$");
  /** Full-access AWS managed policies grant {@code service:*} (or {@code *}) as surely as an inline statement. */
  private static final Pattern BROAD_MANAGED_POLICY =
      Pattern.compile("(?i)(?:^|/)(?:AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9_-]*FullAccess[A-Za-z0-9_-]*)$");

  /**
   * Actions granted on {@code Resource: "*"}, each only because the Service Authorization Reference lists no
   * resource type for it (or the call cannot name its resource in advance). Any other action with
   * {@code "*"} fails {@link #noIdentityPolicyGrantsWildcardActionsOrUnjustifiedStarResources}.
   */
  private static final Map<String, String> STAR_RESOURCE_JUSTIFIED = Map.ofEntries(
      // Describe*/List* reads: the SAR lists no resource type; region/account conditions scope them instead.
      Map.entry("ec2:DescribeImages", "SAR: no resource type"),
      Map.entry("ec2:DescribeInstances", "SAR: no resource type"),
      Map.entry("ec2:DescribeSnapshots", "SAR: no resource type"),
      Map.entry("ec2:DescribeSecurityGroups", "SAR: no resource type"),
      Map.entry("ec2:DescribeInstanceAttribute", "SAR: no resource type"),
      Map.entry("ec2:DescribeInstanceImageMetadata", "SAR: no resource type"),
      // Allowed AMIs: account-level settings per region, no resource type.
      Map.entry("ec2:GetAllowedImagesSettings", "SAR: account-level setting, no resource type"),
      Map.entry("ec2:EnableAllowedImagesSettings", "SAR: account-level setting, no resource type"),
      Map.entry("ec2:ReplaceImageCriteriaInAllowedImagesSettings", "SAR: account-level setting, no resource type"),
      Map.entry("autoscaling:DescribeAutoScalingGroups", "SAR: no resource type"),
      Map.entry("autoscaling:DescribeAutoScalingInstances", "SAR: no resource type"),
      Map.entry("autoscaling:DescribeInstanceRefreshes", "SAR: no resource type"),
      Map.entry("autoscaling:DescribeScalingActivities", "SAR: no resource type"),
      Map.entry("ssm:DescribeInstanceInformation", "SAR: no resource type"),
      Map.entry("imagebuilder:ListImagePipelines", "SAR: no resource type"),
      Map.entry("imagebuilder:ListComponents", "SAR: no resource type"),
      Map.entry("imagebuilder:ListImageScanFindings", "SAR: no resource type"),
      Map.entry("inspector2:ListFindings", "SAR: no resource type"));

  private static Path root;
  private static Map<String, Object> template;
  private static Map<String, Object> memberTemplate;
  /** logical id → resource, in template order */
  private static Map<String, Map<String, Object>> functions;
  /** logical id → module directory name under functions/ (Makefile {@code MODULE_<LogicalId> := <dir>}) */
  private static Map<String, String> moduleOf;

  @BeforeAll
  static void load() throws IOException {
    root = repoRoot();
    template = CfnYaml.load(root.resolve("template.yaml"));
    memberTemplate = CfnYaml.load(root.resolve("member-account.yaml"));
    functions = new LinkedHashMap<>();
    resources(template).forEach((id, resource) -> {
      if (SERVERLESS_FUNCTION.equals(resource.get("Type"))) {
        functions.put(id, resource);
      }
    });
    moduleOf = makefileModules(root.resolve("Makefile"));
  }

  // ---------------------------------------------------------------------------------------------
  // functions ↔ Makefile ↔ modules
  // ---------------------------------------------------------------------------------------------

  @Test
  void everyFunctionIsBuiltFromAModuleAndEveryModuleIsAFunction() {
    assertThat(functions).as("template.yaml declares no %s at all", SERVERLESS_FUNCTION).isNotEmpty();
    List<String> problems = new ArrayList<>();
    Set<String> modules = functionModules();
    functions.forEach((id, fn) -> {
      Object buildMethod = map(fn.getOrDefault("Metadata", Map.of()), id + ".Metadata").get("BuildMethod");
      if (!"makefile".equals(buildMethod)) {
        problems.add(id + ": Metadata.BuildMethod is " + buildMethod + ", not 'makefile', so sam build would not use the Makefile");
      }
      String module = moduleOf.get(id);
      if (module == null) {
        problems.add(id + ": no build mapping; add 'MODULE_" + id + " := <dir under functions/>' to the Makefile"
            + " (sam build runs 'make build-" + id + "')");
      } else if (!modules.contains(module)) {
        problems.add(id + ": Makefile maps it to functions/" + module + ", which is not a Maven module (no functions/"
            + module + "/pom.xml)");
      }
    });
    moduleOf.forEach((id, module) -> {
      if (!functions.containsKey(id)) {
        problems.add("Makefile: MODULE_" + id + " := " + module + " names no " + SERVERLESS_FUNCTION
            + " in template.yaml (resources: " + typeOf(id) + ")");
      }
    });
    for (String module : modules) {
      boolean deployed = moduleOf.entrySet().stream()
          .anyMatch(e -> e.getValue().equals(module) && functions.containsKey(e.getKey()));
      if (!deployed) {
        problems.add("functions/" + module + ": no " + SERVERLESS_FUNCTION + " in template.yaml is built from this module"
            + " (add the function to template.yaml and 'MODULE_<LogicalId> := " + module + "' to the Makefile)");
      }
    }
    failIfAny("template.yaml, Makefile and functions/ disagree", problems);
  }

  @Test
  void everyFunctionHandlerIsARequestHandlerClassOfItsModule() {
    List<String> problems = new ArrayList<>();
    functions.forEach((id, fn) -> {
      Object handler = effective(fn, "Handler");
      String module = moduleOf.get(id);
      if (!(handler instanceof String h) || h.isBlank()) {
        problems.add(id + ": Handler must be a literal 'pkg.Class::handleRequest', found " + handler);
        return;
      }
      Matcher m = HANDLER.matcher(h.trim());
      if (!m.matches()) {
        problems.add(id + ": Handler '" + h + "' is not 'pkg.Class::method' or 'pkg.Class'");
        return;
      }
      if (module == null) {
        problems.add(id + ": cannot locate handler " + h + ": no Makefile mapping (MODULE_" + id + ")");
        return;
      }
      String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
      String[] nesting = m.group(2).split("\\$");
      String declared = nesting[nesting.length - 1];
      String method = m.group(3);
      Path source = root.resolve("functions").resolve(module).resolve("src/main/java")
          .resolve(pkg.replace('.', '/')).resolve(nesting[0] + ".java");
      if (!Files.isRegularFile(source)) {
        problems.add(id + ": handler class " + pkg + (pkg.isEmpty() ? "" : ".") + m.group(2) + " has no source "
            + root.relativize(source));
        return;
      }
      String code = withoutComments(read(source));
      if (!pkg.isEmpty() && !Pattern.compile("(?m)^\\s*package\\s+" + Pattern.quote(pkg) + "\\s*;").matcher(code).find()) {
        problems.add(id + ": " + root.relativize(source) + " does not declare 'package " + pkg + ";'");
      }
      Pattern implementsHandler = Pattern.compile(
          "\\bclass\\s+" + Pattern.quote(declared)
              + "\\b[^{]*\\bimplements\\b[^{]*\\b(?:RequestHandler|RequestStreamHandler)\\b");
      if (!implementsHandler.matcher(code).find()) {
        problems.add(id + ": class " + declared + " in " + root.relativize(source)
            + " does not 'implements RequestHandler<…>' or 'RequestStreamHandler'");
      }
      if (method != null && !method.equals("handleRequest")) {
        problems.add(id + ": Handler '" + h + "' names method '" + method
            + "', but RequestHandler/RequestStreamHandler are invoked through handleRequest");
      }
    });
    failIfAny("function handlers", problems);
  }

  @Test
  void everyFunctionHasSampleEventsAndEverySampleFolderBelongsToAFunction() throws IOException {
    List<String> problems = new ArrayList<>();
    Path events = root.resolve("events");
    functions.keySet().forEach(id -> {
      String module = moduleOf.get(id);
      if (module == null) {
        problems.add(id + ": no Makefile mapping, so no events/<module>/ folder can be checked");
        return;
      }
      Path dir = events.resolve(module);
      if (!Files.isDirectory(dir)) {
        problems.add(id + ": no sample-event folder " + root.relativize(dir) + "/");
      } else if (jsonFiles(dir, false).isEmpty()) {
        problems.add(id + ": " + root.relativize(dir) + "/ holds no .json sample event");
      }
    });
    Set<String> modules = functionModules();
    if (Files.isDirectory(events)) {
      try (Stream<Path> dirs = Files.list(events)) {
        dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted()
            .filter(d -> !modules.contains(d))
            .forEach(d -> problems.add("events/" + d + "/ belongs to no module under functions/ (its samples would never be tested)"));
      }
    }
    failIfAny("sample events", problems);
  }

  @Test
  void everySampleEventIsValidJson() throws IOException {
    ObjectMapper strict = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    List<Path> files = jsonFiles(root.resolve("events"), true);
    assertThat(files).as("no .json file under %s", root.resolve("events")).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        JsonNode node = strict.readTree(f.toFile());
        if (node == null || node.isMissingNode()) {
          problems.add(root.relativize(f) + ": empty file");
        }
      } catch (IOException e) {
        problems.add(root.relativize(f) + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
      }
    }
    failIfAny("invalid JSON under events/", problems);
  }

  // ---------------------------------------------------------------------------------------------
  // SnapStart
  // ---------------------------------------------------------------------------------------------

  /** Issue 10 §4: no global checkov skip; each skip sits on its resource with the reason next to it. */
  @Test
  void checkovSkipsLiveOnTheirResourcesWithAReason() throws IOException {
    Map<String, Object> config = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(root.resolve(".checkov.yaml")));
    assertThat(config).as(".checkov.yaml").doesNotContainKeys("skip-check", "soft-fail", "soft-fail-on");
    List<String> problems = new ArrayList<>();
    int skips = 0;
    for (var entry : Map.of("template.yaml", template, "member-account.yaml", memberTemplate).entrySet()) {
      for (var resource : resources(entry.getValue()).entrySet()) {
        Object metadata = resource.getValue().get("Metadata");
        Object checkov = metadata instanceof Map<?, ?> m ? m.get("checkov") : null;
        Object skip = checkov instanceof Map<?, ?> c ? c.get("skip") : null;
        if (skip == null) {
          continue;
        }
        for (Object item : skip instanceof List<?> l ? l : List.of(skip)) {
          skips++;
          Map<?, ?> one = item instanceof Map<?, ?> i ? i : Map.of();
          if (!(one.get("id") instanceof String id) || !id.matches("CKV2?_AWS_\\d+")
              || !(one.get("comment") instanceof String why) || why.isBlank()) {
            problems.add(entry.getKey() + " " + resource.getKey() + ": checkov skip " + item + " needs an id and a comment (the reason)");
          }
        }
      }
    }
    assertThat(skips).as("the checker saw the skips").isPositive();
    failIfAny("checkov skips", problems);
  }

  /** Settings only: no secret travels in a function's environment (it would show in the console and in GetFunction). */
  @Test
  void noFunctionEnvironmentHoldsASecret() {
    Pattern secretName = Pattern.compile("(?i).*(SECRET|PASSWORD|PASSWD|PRIVATE_KEY|ACCESS_KEY|SESSION_TOKEN|API_KEY|CREDENTIAL).*");
    Pattern secretValue = Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----");
    List<String> problems = new ArrayList<>();
    Map<String, Object> globalFunction = map(map(template.getOrDefault("Globals", Map.of()), "Globals").getOrDefault("Function", Map.of()),
        "Globals.Function");
    Map<String, Map<String, Object>> holders = new LinkedHashMap<>(functions);
    holders.put("Globals", Map.of("Properties", globalFunction));
    holders.forEach((id, fn) -> {
      Object env = map(fn.getOrDefault("Properties", Map.of()), id + ".Properties").get("Environment");
      Object vars = env instanceof Map<?, ?> m ? m.get("Variables") : null;
      if (vars instanceof Map<?, ?> variables) {
        variables.forEach((name, value) -> {
          if (secretName.matcher(String.valueOf(name)).matches()) {
            problems.add(id + ": environment variable " + name + " looks like a secret (use Secrets Manager or SSM SecureString, read at runtime)");
          }
          strings(value).stream().filter(v -> secretValue.matcher(v).find())
              .forEach(v -> problems.add(id + ": environment variable " + name + " holds a credential-like value"));
        });
      }
    });
    assertThat(functions).isNotEmpty();
    failIfAny("secrets in function environments", problems);
  }

  @Test
  void everyFunctionPublishesASnapStartAlias() {
    List<String> problems = new ArrayList<>();
    functions.forEach((id, fn) -> {
      Object alias = effective(fn, "AutoPublishAlias");
      boolean literal = alias instanceof String s && !s.isBlank();
      boolean parameter = alias instanceof Map<?, ?> ref && ref.size() == 1 && ref.get("Ref") instanceof String;
      if (!literal && !parameter) {
        problems.add(id + ": no AutoPublishAlias (Globals.Function or the function): SnapStart only applies to published versions; found " + alias);
      }
      Object snapStart = effective(fn, "SnapStart");
      Object applyOn = snapStart instanceof Map<?, ?> s ? s.get("ApplyOn") : null;
      if (!"PublishedVersions".equals(applyOn)) {
        problems.add(id + ": SnapStart.ApplyOn is " + applyOn + ", not PublishedVersions (Globals.Function or the function)");
      }
    });
    failIfAny("SnapStart", problems);
  }

  // ---------------------------------------------------------------------------------------------
  // IAM: no wildcard actions, Resource "*" only where the API has no resource type
  // ---------------------------------------------------------------------------------------------

  @Test
  void noIdentityPolicyGrantsWildcardActionsOrUnjustifiedStarResources() {
    failIfAny("IAM policies of template.yaml", wildcardGrants(template));
    failIfAny("IAM policies of member-account.yaml", wildcardGrants(memberTemplate));
  }

  /** The checker itself: an action with resource-level permissions on "*" is caught, a justified one is not. */
  @Test
  void starResourceCheckNamesTheActionsThatCouldBeScoped() {
    String yaml = """
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, Action: [ec2:DescribeInstances, ec2:TerminateInstances], Resource: "*"}
                      - {Effect: Allow, Action: ec2:TerminateInstances, Resource: !Sub "arn:aws:ec2:*:*:instance/*"}
                      - {Effect: Allow, Action: s3:PutObject, Resource: ["arn:aws:s3:::b/*", "*"]}
        """;
    assertThat(wildcardGrants(CfnYaml.load(new StringReader(yaml), "inline")))
        .satisfiesExactlyInAnyOrder(
            p -> assertThat(p).contains("Statement[0]").contains("ec2:TerminateInstances").doesNotContain("DescribeInstances"),
            p -> assertThat(p).contains("Statement[2]").contains("s3:PutObject"));
  }

  /** The checker itself, on short-form YAML, so a passing template check cannot be a vacuous one. */
  @Test
  void wildcardCheckSeesThroughShortFormTagsAndPolicyShapes() {
    String yaml = """
        Conditions:
          Prod: !Not [!Equals [!Ref Stage, dev]]
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::handleRequest
              Policies:
                - AWSLambdaBasicExecutionRole
                - SQSPollerPolicy: {QueueName: !GetAtt Q.QueueName}
                - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess"
                - Statement:
                    - Effect: Allow
                      Action: "*"
                      Resource: "*"
                    - Effect: Allow
                      Action: [ec2:DescribeInstances, "S3:*"]
                      Resource: !GetAtt Bucket.Arn
                    - Effect: Deny
                      Action: "sqs:*"
                      Resource: "*"
                - !If
                  - Prod
                  - Statement: {Effect: Allow, Action: !If [Prod, "ssm:*", ssm:GetParameter], Resource: "*"}
                  - !Ref AWS::NoValue
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, NotAction: iam:*, Resource: "*"}
                      - {Effect: Allow, Action: !Ref SomeParameter, Resource: "*"}
          Key:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy:
                Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}, Action: "kms:*", Resource: "*"}]
        """;
    Map<String, Object> parsed = CfnYaml.load(new StringReader(yaml), "inline");

    Map<String, Object> conditions = map(parsed.get("Conditions"), "Conditions");
    assertThat(conditions.get("Prod"))
        .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Stage"), "dev")))));
    assertThat(wildcardGrants(parsed))
        .satisfiesExactlyInAnyOrder(
            p -> assertThat(p).contains("Fn.Policies[3].Statement[0]").contains("'*'"),
            p -> assertThat(p).contains("Fn.Policies[3].Statement[1]").contains("'S3:*'"),
            p -> assertThat(p).contains("Fn.Policies[2]").contains("AmazonS3FullAccess"),
            p -> assertThat(p).contains("Fn.Policies[4]").contains("'ssm:*'"),
            p -> assertThat(p).contains("Fn.Policies[4]").contains("ssm:GetParameter on Resource"),
            p -> assertThat(p).contains("Role.Policies[0].PolicyDocument.Statement[0]").contains("NotAction"),
            p -> assertThat(p).contains("Role.Policies[0].PolicyDocument.Statement[1]").contains("cannot be checked"));
  }

  @Test
  void unknownTagsAndDuplicateKeysFailWithTheLine() {
    assertThatThrownBy(() -> CfnYaml.load(new StringReader("A:\n  B: !Bogus x\n"), "inline"))
        .hasMessageContaining("inline is not a valid CloudFormation template")
        .hasMessageContaining("!Bogus")
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> CfnYaml.load(new StringReader("A: 1\nA: 2\n"), "inline"))
        .hasMessageContaining("duplicate key A");
  }

  private static List<String> wildcardGrants(Map<String, Object> tpl) {
    List<String> problems = new ArrayList<>();
    Object globalPolicies = map(map(tpl.getOrDefault("Globals", Map.of()), "Globals").getOrDefault("Function", Map.of()),
        "Globals.Function").get("Policies");
    if (globalPolicies != null) {
      samPolicies(globalPolicies, "Globals.Function.Policies", problems);
    }
    resources(tpl).forEach((id, resource) -> {
      Object type = resource.get("Type");
      Map<String, Object> props = map(resource.getOrDefault("Properties", Map.of()), id + ".Properties");
      switch (String.valueOf(type)) {
        case SERVERLESS_FUNCTION, "AWS::Serverless::StateMachine" -> {
          if (props.get("Policies") != null) {
            samPolicies(props.get("Policies"), id + ".Policies", problems);
          }
        }
        case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group" -> {
          if (props.get("AssumeRolePolicyDocument") != null) {
            policyDocument(props.get("AssumeRolePolicyDocument"), id + ".AssumeRolePolicyDocument", problems);
          }
          eachBranch(props.getOrDefault("Policies", List.of()), id + ".Policies", (policies, where) ->
              eachItem(policies, where, (policy, at) -> eachBranch(policy, at, (p, w) ->
                  policyDocument(map(p, w).get("PolicyDocument"), w + ".PolicyDocument", problems))));
          eachBranch(props.getOrDefault("ManagedPolicyArns", List.of()), id + ".ManagedPolicyArns", (arns, where) ->
              eachItem(arns, where, (arn, at) -> managedPolicy(arn, at, problems)));
        }
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy",
            "AWS::IAM::GroupPolicy" -> policyDocument(props.get("PolicyDocument"), id + ".PolicyDocument", problems);
        default -> {
          // resource policies (KMS key policy, topic/queue policies) grant to principals, not to our roles
        }
      }
    });
    return problems;
  }

  /** SAM {@code Policies}: a managed policy name/ARN, a SAM policy template, an inline document, or a list of these. */
  private static void samPolicies(Object policies, String where, List<String> problems) {
    eachBranch(policies, where, (value, at) -> {
      if (value instanceof List<?>) {
        eachItem(value, at, (item, itemAt) -> eachBranch(item, itemAt, (p, w) -> samPolicy(p, w, problems)));
      } else {
        samPolicy(value, at, problems);
      }
    });
  }

  private static void samPolicy(Object policy, String where, List<String> problems) {
    if (policy instanceof Map<?, ?> m && m.containsKey("Statement")) {
      policyDocument(policy, where, problems);
    } else if (policy instanceof Map<?, ?> m && m.size() == 1 && !isIntrinsic(m)) {
      // a SAM policy template (e.g. SQSPollerPolicy: {QueueName: …}): SAM expands it to scoped actions
    } else {
      managedPolicy(policy, where, problems);
    }
  }

  private static void managedPolicy(Object nameOrArn, String where, List<String> problems) {
    for (String s : strings(nameOrArn)) {
      if (BROAD_MANAGED_POLICY.matcher(s.trim()).find()) {
        problems.add(where + ": managed policy '" + s + "' grants service-wide (service:*) actions");
      }
    }
  }

  private static void policyDocument(Object document, String where, List<String> problems) {
    if (document == null) {
      problems.add(where + ": no policy document");
      return;
    }
    eachBranch(document, where, (doc, at) -> eachBranch(map(doc, at).get("Statement"), at + ".Statement", (statements, sat) -> {
      if (statements instanceof List<?>) {
        eachItem(statements, sat, (st, w) -> eachBranch(st, w, (s, sw) -> statement(map(s, sw), sw, problems)));
      } else if (statements != null) {
        statement(map(statements, sat), sat, problems);
      } else {
        problems.add(sat + ": no Statement");
      }
    }));
  }

  private static void statement(Map<String, Object> statement, String where, List<String> problems) {
    if ("Deny".equals(statement.get("Effect"))) {
      return; // a wildcard Deny only takes away
    }
    if (statement.containsKey("NotAction")) {
      problems.add(where + ": Allow with NotAction grants every other action of every service");
    }
    Object action = statement.get("Action");
    if (action == null) {
      if (!statement.containsKey("NotAction")) {
        problems.add(where + ": statement has no Action");
      }
      return;
    }
    eachBranch(action, where, (actions, at) -> {
      List<?> list = actions instanceof List<?> l ? l : Collections.singletonList(actions);
      for (Object a : list) {
        eachBranch(a, at, (one, aw) -> {
          if (!(one instanceof String s)) {
            problems.add(aw + ": Action " + one + " cannot be checked for wildcards (not a literal)");
          } else if (isWildcard(s)) {
            problems.add(aw + ": Allow of wildcard action '" + s + "'");
          } else if (onEveryResource(statement.get("Resource")) && !STAR_RESOURCE_JUSTIFIED.containsKey(s.trim())) {
            problems.add(aw + ": " + s + " on Resource \"*\" (scope it to its resource type, or justify it in STAR_RESOURCE_JUSTIFIED)");
          }
        });
      }
    });
  }

  private static boolean onEveryResource(Object resource) {
    if (resource instanceof List<?> list) {
      return list.stream().anyMatch(TemplateContractTest::onEveryResource);
    }
    if (resource instanceof Map<?, ?> m && m.size() == 1 && m.get("Fn::If") instanceof List<?> args && args.size() == 3) {
      return onEveryResource(args.get(1)) || onEveryResource(args.get(2));
    }
    return "*".equals(resource);
  }

  static boolean isWildcard(String action) {
    String a = action.trim();
    int colon = a.indexOf(':');
    if (colon < 0) {
      return true; // "*" (or not service:action at all, which IAM would also read as no scoping)
    }
    return a.substring(0, colon).contains("*") || a.substring(colon + 1).matches("\\*+");
  }

  private interface At {
    void accept(Object value, String where);
  }

  /** Visits a value, or both branches of {@code Fn::If}; {@code Ref: AWS::NoValue} is nothing. */
  private static void eachBranch(Object value, String where, At visitor) {
    if (value instanceof Map<?, ?> m && m.size() == 1 && m.get("Fn::If") instanceof List<?> args && args.size() == 3) {
      eachBranch(args.get(1), where, visitor);
      eachBranch(args.get(2), where, visitor);
    } else if (!(value instanceof Map<?, ?> m && m.size() == 1 && "AWS::NoValue".equals(m.get("Ref")))) {
      visitor.accept(value, where);
    }
  }

  private static void eachItem(Object list, String where, At visitor) {
    if (!(list instanceof List<?> l)) {
      visitor.accept(list, where);
      return;
    }
    for (int i = 0; i < l.size(); i++) {
      visitor.accept(l.get(i), where + "[" + i + "]");
    }
  }

  private static boolean isIntrinsic(Map<?, ?> m) {
    return m.size() == 1 && m.keySet().iterator().next() instanceof String k && (k.equals("Ref") || k.startsWith("Fn::"));
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof Map<?, ?> m) {
      m.values().forEach(v -> out.addAll(strings(v)));
    } else if (value instanceof Collection<?> c) {
      c.forEach(v -> out.addAll(strings(v)));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------------------------

  private static Path repoRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("template.yaml"))) {
        return p;
      }
    }
    throw new AssertionError("no directory with mvnw and template.yaml at or above " + start);
  }

  private static Map<String, Map<String, Object>> resources(Map<String, Object> tpl) {
    Map<String, Object> resources = map(tpl.get("Resources"), "Resources");
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    resources.forEach((id, r) -> out.put(id, map(r, "Resources." + id)));
    return out;
  }

  private static String typeOf(String id) {
    Map<String, Object> r = resources(template).get(id);
    return r == null ? "no resource " + id : id + " is " + r.get("Type");
  }

  /** A function property as SAM sees it: the function's own, else Globals.Function's; maps are merged. */
  private static Object effective(Map<String, Object> fn, String property) {
    Map<String, Object> globals = map(map(template.getOrDefault("Globals", Map.of()), "Globals").getOrDefault("Function", Map.of()),
        "Globals.Function");
    Object own = map(fn.getOrDefault("Properties", Map.of()), "Properties").get(property);
    Object global = globals.get(property);
    if (own instanceof Map<?, ?> o && global instanceof Map<?, ?> g && !isIntrinsic(o) && !isIntrinsic(g)) {
      Map<Object, Object> merged = new LinkedHashMap<>(g);
      merged.putAll(o);
      return merged;
    }
    return own != null ? own : global;
  }

  private static Map<String, String> makefileModules(Path makefile) throws IOException {
    if (!Files.isRegularFile(makefile)) {
      throw new AssertionError("no Makefile at " + makefile);
    }
    Map<String, String> out = new TreeMap<>();
    List<String> lines = Files.readAllLines(makefile);
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MAKEFILE_MAPPING.matcher(lines.get(i));
      if (m.matches()) {
        String previous = out.put(m.group(1), m.group(2));
        if (previous != null) {
          throw new AssertionError("Makefile line " + (i + 1) + ": MODULE_" + m.group(1) + " is mapped twice ("
              + previous + ", " + m.group(2) + ")");
        }
      }
    }
    return out;
  }

  private static Set<String> functionModules() {
    Path dir = root.resolve("functions");
    Set<String> modules = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> Files.isRegularFile(p.resolve("pom.xml"))).forEach(p -> modules.add(p.getFileName().toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return modules;
  }

  private static List<Path> jsonFiles(Path dir, boolean recursive) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops block and line comments so a commented-out or Javadoc'd "implements RequestHandler" cannot pass. */
  private static String withoutComments(String java) {
    return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String where) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new AssertionError("template: " + where + " must be a mapping, found " + (value == null ? "nothing" : value));
  }

  private static void failIfAny(String what, List<String> problems) {
    if (!problems.isEmpty()) {
      fail(what + " (" + problems.size() + "):\n  - " + String.join("\n  - ", problems));
    }
  }

  /** YAML → plain maps/lists/scalars, with CloudFormation short-form tags as their long (JSON) forms. */
  static final class CfnYaml {
    private static final Set<String> FUNCTIONS = Set.of(
        "And", "Base64", "Cidr", "Equals", "FindInMap", "ForEach", "GetAZs", "GetAtt", "If", "ImportValue", "Join",
        "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString", "Transform");

    private CfnYaml() {}

    static Map<String, Object> load(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new AssertionError("no template at " + file);
      }
      try (Reader r = Files.newBufferedReader(file)) {
        return load(r, file.toString());
      }
    }

    static Map<String, Object> load(Reader reader, String name) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      Object doc;
      try {
        doc = new Yaml(new Constructor(options), new Representer(new DumperOptions()), new DumperOptions(), options).load(reader);
      } catch (YAMLException e) {
        throw new AssertionError(name + " is not a valid CloudFormation template: " + e.getMessage(), e);
      }
      return map(doc, name + " (top level)");
    }

    private static final class TagException extends ConstructorException {
      private static final long serialVersionUID = 1L;

      TagException(String problem, Mark mark) {
        super(null, null, problem, mark);
      }
    }

    private static final class Constructor extends SafeConstructor {
      Constructor(LoaderOptions options) {
        super(options);
        yamlMultiConstructors.put("!", new Intrinsic());
      }

      private final class Intrinsic extends AbstractConstruct {
        @Override
        public Object construct(Node node) {
          String tag = node.getTag().getValue();
          String fn = tag.substring(1);
          Object value;
          if (node instanceof ScalarNode s) {
            value = constructScalar(s);
          } else if (node instanceof SequenceNode s) {
            value = constructSequence(s);
          } else if (node instanceof MappingNode m) {
            value = constructMapping(m);
          } else {
            throw new TagException("unsupported node for " + tag, node.getStartMark());
          }
          if (fn.equals("Ref") || fn.equals("Condition")) {
            return Map.of(fn, value);
          }
          if (!FUNCTIONS.contains(fn)) {
            throw new TagException("unknown CloudFormation tag " + tag, node.getStartMark());
          }
          if (fn.equals("GetAtt") && value instanceof String s) {
            int dot = s.indexOf('.');
            if (dot <= 0) {
              throw new TagException("!GetAtt needs Resource.Attribute, found " + s, node.getStartMark());
            }
            value = List.of(s.substring(0, dot), s.substring(dot + 1));
          }
          return Map.of("Fn::" + fn, value);
        }
      }
    }
  }
}
