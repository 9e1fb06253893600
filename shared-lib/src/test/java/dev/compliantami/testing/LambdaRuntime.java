package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.events.Json;
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

/**
 * The Lambda Java runtime's own serialisation ({@code aws-lambda-java-serialization}), for tests that
 * feed sample events to a handler exactly as a real invocation would and check what it returns.
 */
public final class LambdaRuntime {
  private LambdaRuntime() {}

  /** Every sample event of a function ({@code events/<function>/*.json}, relative to its module). */
  public static Stream<Path> samples(String function) throws IOException {
    Path dir = Path.of("../../events", function);
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> samples = files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json")).sorted().toList();
      if (samples.isEmpty()) {
        fail("no sample events in " + dir.toAbsolutePath().normalize());
      }
      return samples.stream();
    }
  }

  /**
   * What the Lambda Java runtime does for a {@code RequestHandler<I, O>} (aws-lambda-java-runtime-interface-client,
   * EventHandlerLoader): I is taken from the handler's generic interface; a Lambda-supported event class gets
   * {@link LambdaEventSerializers}, anything else (our {@code Map<String, Object>}) {@link JacksonFactory}.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readEvent(Class<?> handler, Path sample) throws IOException {
    PojoSerializer<Object> serializer = runtimeSerializer(handlerType(handler, 0));
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

  public static String writeResult(Class<?> handler, Object result) {
    PojoSerializer<Object> serializer = runtimeSerializer(handlerType(handler, 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer.toJson(result, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static PojoSerializer<Object> runtimeSerializer(Type type) {
    if (type instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
      return LambdaEventSerializers.serializerFor((Class<Object>) c, LambdaRuntime.class.getClassLoader());
    }
    return JacksonFactory.getInstance().getSerializer(type);
  }

  /** The I (0) or O (1) of {@code handler implements RequestHandler<I, O>}. */
  private static Type handlerType(Class<?> handler, int index) {
    for (Type t : handler.getGenericInterfaces()) {
      if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
        return p.getActualTypeArguments()[index];
      }
    }
    throw new AssertionError(handler.getName() + " does not implement RequestHandler<I, O>");
  }

  /** The JSON the runtime wrote holds every non-null value of the record tree (its serialiser drops nulls). */
  public static void assertMirrors(Object value, String json) throws IOException {
    assertMirrors(value, Json.MAPPER.readTree(json), "$", json);
  }

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
