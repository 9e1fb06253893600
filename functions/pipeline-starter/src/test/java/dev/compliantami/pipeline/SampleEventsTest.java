package dev.compliantami.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.testing.SampleFactory;
import dev.compliantami.events.Json;
import dev.compliantami.local.LocalContext;
import dev.compliantami.pipeline.PipelineOutcome.Status;
import dev.compliantami.testing.ImageBuilderStub;
import dev.compliantami.testing.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample in {@code events/pipeline-starter/} (what {@code sam local invoke -e} and the docs use)
 * goes through the path a real invocation takes: the payload is deserialised by the Lambda Java
 * runtime's own serialiser ({@code aws-lambda-java-serialization}) into the handler's declared input
 * type, handled in dry-run against moto and the Image Builder stub, and the handler's result is
 * serialised back by the same library — so the samples are accepted, change nothing, and the record
 * we return reaches the caller with its fields.
 */
class SampleEventsTest {
  private static final Path EVENTS = Path.of("../../events/pipeline-starter");

  private LocalAws aws;
  private ImageBuilderStub ib;
  private PipelineStarterHandler handler;

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(EVENTS)) {
      List<Path> samples = files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
      if (samples.isEmpty()) {
        fail("no sample events in " + EVENTS.toAbsolutePath().normalize());
      }
      return samples.stream();
    }
  }

  @BeforeEach
  void setUp() {
    aws = LocalAws.start();
    aws.routeSdkClients();
    ib = aws.imageBuilder();
    SampleFactory.seed(ib);
    handler = Handlers.pipelineStarter("dry-run", aws.notifications("security").topicArn(), aws.bus("suite").busName());
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsAcceptedInDryRunAndItsResultSerialisesLikeLambdaWould(Path sample) throws Exception {
    Map<String, Object> event = readLikeTheLambdaRuntime(sample);

    PipelineStartResult result;
    try {
      result = handler.handleRequest(event, new LocalContext("pipeline-starter", 120, 1024));
    } catch (RuntimeException e) {
      throw new AssertionError(sample.getFileName() + " was not accepted by PipelineStarterHandler: " + e, e);
    }

    assertThat(result.ignoredBecause()).as("%s must be handled, not ignored", sample.getFileName()).isNull();
    assertThat(result.mode()).isEqualTo("dry-run");
    assertThat(result.pipelines()).as("pipeline outcomes for %s", sample.getFileName())
        .extracting(PipelineOutcome::status)
        .contains(Status.WOULD_START)
        .doesNotContain(Status.STARTED, Status.FAILED);
    assertThat(ib.mutatingRequests()).as("mutating Image Builder requests in dry-run").isEmpty();
    assertThat(ib.startedBuilds()).isEmpty();
    assertThat(result.notificationError()).as("SNS notification error").isNull();

    String json = writeLikeTheLambdaRuntime(result);
    JsonNode node = Json.MAPPER.readTree(json);
    assertThat(node.path("mode").asText()).as(json).isEqualTo("dry-run");
    assertThat(node.path("reason").asText()).as(json).isEqualTo(result.reason()).isNotBlank();
    assertThat(node.path("triggerId").asText()).as(json).isEqualTo(result.triggerId()).isNotBlank();
    assertThat(node.path("pipelines").isArray()).as(json).isTrue();
    assertThat(node.path("pipelines")).as(json).hasSize(result.pipelines().size());
    JsonNode first = node.path("pipelines").get(0);
    assertThat(first.path("status").asText()).as(json).isEqualTo(result.pipelines().get(0).status().name());
    assertThat(first.path("pipelineArn").asText()).as(json).startsWith("arn:aws:imagebuilder:");
    assertThat(first.path("pipelineName").asText()).as(json).isNotBlank();
    assertThat(node.path("notAffected").isInt()).as(json).isTrue();
    assertThat(node.path("eventsPublished").isInt()).as(json).isTrue();
    assertThat(node.has("ignoredBecause") && !node.get("ignoredBecause").isNull()).as(json).isFalse();
    // and, generically, every record component with a value is in the JSON with that value
    assertMirrors(result, node, "$", json);
  }

  /**
   * What the Lambda Java runtime does for a {@code RequestHandler<I, O>} (aws-lambda-java-runtime-interface-client,
   * EventHandlerLoader): I is taken from the handler's generic interface; a Lambda-supported event class gets
   * {@link LambdaEventSerializers}, anything else (our {@code Map<String, Object>}) {@link JacksonFactory}.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> readLikeTheLambdaRuntime(Path sample) throws IOException {
    PojoSerializer<Object> serializer = runtimeSerializer(handlerType(0));
    try (InputStream in = Files.newInputStream(sample)) {
      Object input;
      try {
        input = serializer.fromJson(in);
      } catch (RuntimeException e) {
        throw new AssertionError(sample.getFileName() + " cannot be deserialised by the Lambda runtime: " + e, e);
      }
      assertThat(input).as("%s deserialised by the Lambda runtime serialiser", sample.getFileName()).isInstanceOf(Map.class);
      return (Map<String, Object>) input;
    }
  }

  private static String writeLikeTheLambdaRuntime(PipelineStartResult result) {
    PojoSerializer<Object> serializer = runtimeSerializer(handlerType(1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer.toJson(result, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static PojoSerializer<Object> runtimeSerializer(Type type) {
    if (type instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
      return LambdaEventSerializers.serializerFor((Class<Object>) c, SampleEventsTest.class.getClassLoader());
    }
    return JacksonFactory.getInstance().getSerializer(type);
  }

  /** The I (0) or O (1) of {@code PipelineStarterHandler implements RequestHandler<I, O>}. */
  private static Type handlerType(int index) {
    for (Type t : PipelineStarterHandler.class.getGenericInterfaces()) {
      if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
        return p.getActualTypeArguments()[index];
      }
    }
    throw new AssertionError("PipelineStarterHandler does not implement RequestHandler<I, O>");
  }

  /** The JSON holds every non-null value of the record tree (the serialiser drops nulls). */
  private static void assertMirrors(Object value, JsonNode node, String path, String json) {
    if (value == null) {
      assertThat(node == null || node.isMissingNode() || node.isNull()).as("%s should be absent or null in %s", path, json).isTrue();
      return;
    }
    assertThat(node != null && !node.isMissingNode() && !node.isNull()).as("%s (= %s) missing from %s", path, value, json).isTrue();
    if (value instanceof Record r) {
      assertThat(node.isObject()).as("%s should be an object in %s", path, json).isTrue();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Object v;
        try {
          v = c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
        assertMirrors(v, node.get(c.getName()), path + "." + c.getName(), json);
      }
    } else if (value instanceof Enum<?> e) {
      assertThat(node.asText()).as(path).isEqualTo(e.name());
    } else if (value instanceof CharSequence s) {
      assertThat(node.isTextual()).as("%s should be a string in %s", path, json).isTrue();
      assertThat(node.asText()).as(path).isEqualTo(s.toString());
    } else if (value instanceof Number n) {
      assertThat(node.isNumber()).as("%s should be a number in %s", path, json).isTrue();
      assertThat(node.asLong()).as(path).isEqualTo(n.longValue());
    } else if (value instanceof Boolean b) {
      assertThat(node.asBoolean()).as(path).isEqualTo(b);
    } else if (value instanceof Collection<?> items) {
      assertThat(node.isArray()).as("%s should be an array in %s", path, json).isTrue();
      assertThat(node.size()).as("%s size", path).isEqualTo(items.size());
      Iterator<?> it = items.iterator();
      for (int i = 0; it.hasNext(); i++) {
        assertMirrors(it.next(), node.get(i), path + "[" + i + "]", json);
      }
    } else if (value instanceof Map<?, ?> m) {
      assertThat(node.isObject()).as("%s should be an object in %s", path, json).isTrue();
      m.forEach((k, v) -> assertMirrors(v, node.get(String.valueOf(k)), path + "." + k, json));
    } else {
      fail("%s: no check for %s", path, value.getClass());
    }
  }
}
