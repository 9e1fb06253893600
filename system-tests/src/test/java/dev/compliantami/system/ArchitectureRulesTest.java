package dev.compliantami.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of architecture.md §2 over the compiled production classes of shared-lib and of every module
 * under {@code functions/} (their {@code target/classes}, built earlier in the same reactor run).
 */
class ArchitectureRulesTest {
  /** function module directory → its Java packages (from its compiled classes) */
  private static final Map<String, List<String>> FUNCTION_PACKAGES = new LinkedHashMap<>();
  private static JavaClasses shared;
  private static JavaClasses all;

  @BeforeAll
  static void importClasses() {
    Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("functions"))) {
      root = Path.of("..").toAbsolutePath().normalize();
    }
    Path sharedClasses = root.resolve("shared-lib/target/classes");
    assertThat(sharedClasses).as("shared-lib must be compiled first (run from the reactor root)").isDirectory();
    ClassFileImporter importer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
    shared = importer.importPath(sharedClasses);
    List<Path> paths = new java.util.ArrayList<>(List.of(sharedClasses));
    try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
      for (Path module : modules.filter(m -> Files.exists(m.resolve("pom.xml"))).sorted().toList()) {
        Path classes = module.resolve("target/classes");
        assertThat(classes).as("functions/%s must be compiled before the architecture tests", module.getFileName()).isDirectory();
        paths.add(classes);
        JavaClasses own = importer.importPath(classes);
        FUNCTION_PACKAGES.put(module.getFileName().toString(),
            own.stream().map(c -> c.getPackageName()).distinct().sorted().toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    all = importer.importPaths(paths);
  }

  @Test
  void everyFunctionModuleHasItsOwnPackageOutsideSharedLibs() {
    assertThat(FUNCTION_PACKAGES).isNotEmpty();
    List<String> sharedPackages = shared.stream().map(c -> c.getPackageName()).distinct().toList();
    FUNCTION_PACKAGES.forEach((module, packages) -> {
      assertThat(packages).as("functions/%s", module).isNotEmpty();
      assertThat(packages).as("functions/%s must not add classes to shared-lib packages", module).doesNotContainAnyElementsOf(sharedPackages);
    });
  }

  @Test
  void noFunctionModuleDependsOnAnother() {
    FUNCTION_PACKAGES.forEach((module, packages) -> {
      String[] others = FUNCTION_PACKAGES.entrySet().stream()
          .filter(e -> !e.getKey().equals(module))
          .flatMap(e -> e.getValue().stream())
          .toArray(String[]::new);
      if (others.length == 0) {
        return;
      }
      ArchRule rule = noClasses().that().resideInAnyPackage(packages.toArray(String[]::new))
          .should().dependOnClassesThat().resideInAnyPackage(others)
          .as("functions/" + module + " depends only on shared-lib, never on another function");
      rule.check(all);
    });
  }

  @Test
  void sharedLibDependsOnNoFunction() {
    String[] functionPackages = FUNCTION_PACKAGES.values().stream().flatMap(List::stream).toArray(String[]::new);
    noClasses().should().dependOnClassesThat().resideInAnyPackage(functionPackages)
        .as("shared-lib depends on no function module")
        .check(shared);
  }

  @Test
  void thePolicyCoreIsPure() {
    noClasses().that().resideInAPackage("dev.compliantami.policy..")
        .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
        .as("dev.compliantami.policy uses no AWS SDK or Lambda types (pure decisions)")
        .check(shared);
  }

  @Test
  void onlyTheAwsPackageBuildsSdkClients() {
    noClasses().that().resideOutsideOfPackage("dev.compliantami.aws..")
        .should().callMethodWhere(buildsAnSdkClient())
        .as("SDK clients are built only by dev.compliantami.aws (one HTTP client, lazy, endpoint overrides); "
            + "functions hand it a builder reference such as Ec2Client::builder")
        .check(all);
  }

  /**
   * {@code build()} on an SDK client builder (also through a generic {@code AwsClientBuilder}), or a client's
   * static {@code create()}. A method reference {@code Ec2Client::builder} is not a call and stays allowed.
   */
  static DescribedPredicate<JavaMethodCall> buildsAnSdkClient() {
    return DescribedPredicate.describe("build() of an AWS SDK client builder or a client's create()", call -> {
      var owner = call.getTargetOwner();
      String name = owner.getName();
      boolean clientBuilder = name.matches("software\\.amazon\\.awssdk\\..*ClientBuilder")
          || owner.isAssignableTo("software.amazon.awssdk.core.client.builder.SdkClientBuilder");
      boolean client = name.startsWith("software.amazon.awssdk.services.") && name.endsWith("Client");
      return (clientBuilder && call.getName().equals("build")) || (client && call.getName().equals("create"));
    });
  }

  /** The rule is not vacuous: it flags a direct construction, and the generic one in AwsClients. */
  @Test
  void theClientRuleRecognisesDirectAndGenericConstruction() {
    JavaClasses sample = new ClassFileImporter().importClasses(BuildsAClient.class);
    assertThat(sample.get(BuildsAClient.class).getMethodCallsFromSelf().stream().filter(buildsAnSdkClient()))
        .extracting(JavaMethodCall::getName).containsExactlyInAnyOrder("build", "create");
    assertThat(all.get("dev.compliantami.aws.AwsClients").getMethodCallsFromSelf().stream().anyMatch(buildsAnSdkClient()))
        .as("AwsClients builds the clients").isTrue();
  }

  static final class BuildsAClient {
    Object direct() {
      return software.amazon.awssdk.services.sts.StsClient.builder().build();
    }

    Object byCreate() {
      return software.amazon.awssdk.services.sts.StsClient.create();
    }
  }
}
