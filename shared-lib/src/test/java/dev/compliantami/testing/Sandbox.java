package dev.compliantami.testing;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A seeded emulated AWS for the local try and the benchmarks: the sample AMI factory, whose
 * {@code al2023-stig-high} pipeline and recipe mirror template.yaml's factory (CreateFactoryPipeline with
 * its defaults), a watched Amazon Linux 2023 base image read from a demo parameter, the unified
 * {@code stig-build-linux} and the older {@code stig-build-linux-high}, the state table, two finished builds
 * of al2023-stig-high (one AVAILABLE, one FAILED), the security team's topic and the suite's bus — and the
 * environment every function runs with against it.
 */
final class Sandbox implements AutoCloseable {
  static final String DEMO_PARAMETER = "/compliant-ami/demo/al2023-x86_64";
  static final String ORGANIZATION_ARN = "arn:aws:organizations::123456789012:organization/o-abcdefghij";
  /** template.yaml's factory pipeline with its defaults: named after FactoryBaselineName. */
  static final String FACTORY_BASELINE = "al2023-stig-high";
  static final String FACTORY_PIPELINE = ImageBuilderStub.pipelineArn(FACTORY_BASELINE);
  /** template.yaml's FactoryImageRecipe components (this region, latest versions; Level = StigLevel's default). */
  static final String UPDATE_LINUX = "arn:aws:imagebuilder:" + LocalAws.REGION + ":aws:component/update-linux/x.x.x";
  static final String STIG_BUILD_LINUX = "arn:aws:imagebuilder:" + LocalAws.REGION + ":aws:component/stig-build-linux/x.x.x";
  static final String REBOOT_TEST_LINUX = "arn:aws:imagebuilder:" + LocalAws.REGION + ":aws:component/reboot-test-linux/x.x.x";

  final LocalAws aws;
  final Ec2AllowedImagesStub ec2;
  final SnsCapture topic;
  final EventCapture bus;
  private final Map<String, String> env;

  Sandbox(LocalAws aws, String mode) {
    this.aws = aws;
    this.ec2 = Ec2AllowedImagesStub.start(aws.moto()); // EC2 (Allowed AMIs, instance image metadata) and STS in front of moto
    this.topic = aws.notifications("security-team");
    this.bus = aws.bus("compliant-ami");
    SampleFactory.seed(aws.imageBuilder());
    seedTemplateFactory();
    publishBaseImage("al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64");
    component("stig-build-linux", "1.0.4");
    component("stig-build-linux-high", "2025.3.1");
    this.env = new HashMap<>(aws.functionEnvironment(mode, topic.topicArn(), bus.busName()));
    env.put("WATCHED_BASE_IMAGES", SampleFactory.WATCHED_AL2023 + "=ssm:" + DEMO_PARAMETER);
    env.put("WATCHED_COMPONENTS", "stig-build-linux,stig-build-linux-high");
    env.put("STATE_TABLE", stateTable());
    env.put("ORGANIZATION_ARN", ORGANIZATION_ARN);
    env.put("FACTORY_ACCOUNT_ID", LocalAws.ACCOUNT);
    env.put("AWS_ENDPOINT_URL_EC2", ec2.endpoint());
    env.put("AWS_ENDPOINT_URL_STS", ec2.endpoint());
    seedBuiltImages();
  }

  /**
   * The pipeline and recipe template.yaml creates with CreateFactoryPipeline=true and the other factory
   * parameters at their defaults (FactoryTemplateTest pins those): same name, same tags, parent image the
   * x86_64 public parameter, update-linux + stig-build-linux Level=High + reboot-test-linux. They replace
   * SampleFactory's al2023-stig-high, which predates the template's factory.
   */
  private void seedTemplateFactory() {
    Map<String, String> tags = Map.of("compliant-ami:managed", "true", "compliant-ami:baseline", FACTORY_BASELINE,
        "compliant-ami:base-image", SampleFactory.WATCHED_AL2023);
    String recipe = ImageBuilderStub.recipeArn(FACTORY_BASELINE, "1.0.0");
    aws.imageBuilder().addRecipe(new ImageBuilderStub.RecipeSeed(recipe, FACTORY_BASELINE, "ssm:" + SampleFactory.AL2023_X86,
        java.util.List.of(ImageBuilderStub.RecipeComponent.of(UPDATE_LINUX),
            new ImageBuilderStub.RecipeComponent(STIG_BUILD_LINUX, Map.of("Level", java.util.List.of("High"))),
            ImageBuilderStub.RecipeComponent.of(REBOOT_TEST_LINUX)),
        tags));
    aws.imageBuilder().addPipeline(new ImageBuilderStub.PipelineSeed(FACTORY_PIPELINE, FACTORY_BASELINE, "ENABLED", tags, recipe, null));
  }

  /** The builds events/ami-publisher/ names: al2023-stig-high 1.0.0/7 AVAILABLE with an AMI, 1.0.0/8 FAILED. */
  private void seedBuiltImages() {
    String ami = aws.client(Ec2Client.class, Ec2Client::builder).registerImage(r -> r.name("al2023-stig-high-1.0.0-7")
        .architecture("x86_64").rootDeviceName("/dev/xvda").blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(8))))
        .imageId();
    ImageBuilderStub.RecipeSeed recipe = ImageBuilderStub.RecipeSeed.of(ImageBuilderStub.recipeArn("al2023-stig-high", "1.0.0"), "al2023-stig-high",
        "ssm:" + SampleFactory.AL2023_X86, java.util.List.of(SampleFactory.STIG_HIGH), Map.of());
    aws.imageBuilder().addImage(ImageBuilderStub.ImageSeed.available(ImageBuilderStub.imageArn("al2023-stig-high", "1.0.0", 7),
        SampleFactory.HIGH_X86, recipe, ImageBuilderStub.AmiSeed.of(LocalAws.REGION, ami)));
    aws.imageBuilder().addImage(ImageBuilderStub.ImageSeed.available(ImageBuilderStub.imageArn("al2023-stig-high", "1.0.0", 8),
        SampleFactory.HIGH_X86, recipe).withAmis(java.util.List.of()).withState("FAILED", "Test phase failed: SCAP compliance checker found CAT I findings"));
  }

  /** Adds or replaces settings of every function (e.g. the full-loop try's boundary and endpoints). */
  void environment(Map<String, String> more) {
    env.putAll(more);
  }

  /** The environment of {@code function}, as the template would set it, pointed at the emulators. */
  Map<String, String> environment(String function) {
    Map<String, String> fnEnv = new HashMap<>(env);
    fnEnv.put("POWERTOOLS_SERVICE_NAME", function);
    fnEnv.put("AWS_LAMBDA_FUNCTION_NAME", function);
    fnEnv.put("POWERTOOLS_METRICS_NAMESPACE", "CompliantAmi");
    return fnEnv;
  }

  /** "AWS" publishes a new AMI behind the demo parameter. */
  void publishBaseImage(String name) {
    Ec2Client ec2 = aws.client(Ec2Client.class, Ec2Client::builder);
    String ami = ec2.registerImage(r -> r.name(name).architecture("x86_64").rootDeviceName("/dev/xvda")
        .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(8)))).imageId();
    aws.client(SsmClient.class, SsmClient::builder)
        .putParameter(r -> r.name(DEMO_PARAMETER).value(ami).type(ParameterType.STRING).overwrite(true));
  }

  /** "AWS" releases a version of one of its components. */
  void component(String name, String version) {
    aws.imageBuilder().addComponent(ImageBuilderStub.ComponentSeed.amazon(name, version));
  }

  private String stateTable() {
    String table = "compliant-ami-state-" + Long.toHexString(System.nanoTime());
    aws.client(DynamoDbClient.class, DynamoDbClient::builder).createTable(r -> r.tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    return table;
  }

  @Override
  public void close() {
    ec2.close();
  }
}
