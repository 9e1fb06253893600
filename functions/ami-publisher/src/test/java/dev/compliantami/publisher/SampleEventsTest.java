package dev.compliantami.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compliantami.local.LocalContext;
import dev.compliantami.testing.ImageBuilderStub.AmiSeed;
import dev.compliantami.testing.ImageBuilderStub.ImageSeed;
import dev.compliantami.testing.LambdaRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample in {@code events/ami-publisher/}, read by the Lambda runtime's own serialiser, is handled
 * in dry-run (the images they name are seeded); the result goes back through the same serialiser.
 */
class SampleEventsTest {
  private PublisherFixture f;

  static Stream<Path> samples() throws IOException {
    return LambdaRuntime.samples("ami-publisher");
  }

  @BeforeEach
  void setUp() {
    f = new PublisherFixture();
    String available = "arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-stig-high/1.0.0/7";
    String failed = "arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-stig-high/1.0.0/8";
    f.ib.addImage(ImageSeed.available(available, f.pipeline, f.recipe, AmiSeed.of("us-east-1", f.amiEast), AmiSeed.of("us-west-2", f.amiWest)));
    f.ib.addImage(ImageSeed.available(failed, f.pipeline, f.recipe).withAmis(List.of()).withState("FAILED", "Test phase failed"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsHandledAndItsResultSerialisesLikeLambdaWould(Path sample) throws Exception {
    Map<String, Object> event = LambdaRuntime.readEvent(AmiPublisherHandler.class, sample);

    PublishResult r = f.handler("dry-run", Map.of()).handleRequest(event, new LocalContext("ami-publisher", 300, 1024));

    assertThat(r.ignoredBecause()).as("%s must be handled", sample.getFileName()).isNull();
    assertThat(r.notificationMessageId()).isNotNull();
    assertThat(f.launchPermissions("us-east-1", f.amiEast)).isEmpty();
    LambdaRuntime.assertMirrors(r, LambdaRuntime.writeResult(AmiPublisherHandler.class, r));
  }
}
