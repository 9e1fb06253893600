package dev.compliantami.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.events.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a handler on an event file the way Lambda would, without Docker: the handler class is loaded
 * and constructed (init), then invoked once with a Lambda-like context against whatever endpoints the
 * environment names ({@code AWS_ENDPOINT_URL}…). Prints one JSON document on stdout: the result (or
 * error) and the init, invoke and since-process-start times. Logs and metrics go to stderr.
 *
 * <p>{@code java -cp <function>.jar dev.compliantami.local.LocalInvoker <handler-class> <event.json>}
 * — see {@code bin/invoke}.
 */
public final class LocalInvoker {
  private LocalInvoker() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LocalInvoker <handler-class>[::handleRequest] <event.json>");
      System.exit(2);
    }
    PrintStream stdout = System.out;
    System.setOut(System.err); // handler logs and EMF metrics must not mix with the result
    Map<String, Object> report = invoke(args[0].replaceFirst("::.*$", ""), Path.of(args[1]));
    stdout.println(Json.pretty(report));
    stdout.flush();
    System.exit(report.containsKey("error") ? 1 : 0);
  }

  static Map<String, Object> invoke(String handlerClass, Path eventFile) throws Exception {
    byte[] event = Files.readAllBytes(eventFile);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("handler", handlerClass);
    report.put("event", eventFile.toString());

    long t0 = System.nanoTime();
    Object handler;
    try {
      handler = Class.forName(handlerClass).getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException e) {
      report.put("error", error(e.getCause(), "init")); // e.g. a setting that failed validation
      return report;
    }
    long t1 = System.nanoTime();
    report.put("initMs", millis(t1 - t0));

    String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", handler.getClass().getSimpleName());
    LocalContext context = new LocalContext(function, timeoutSeconds(), 1024);
    try {
      Object result = call(handler, event, context);
      report.put("result", result);
    } catch (Throwable e) {
      report.put("error", error(e, "invoke"));
    }
    long t2 = System.nanoTime();
    report.put("invokeMs", millis(t2 - t1));
    ProcessHandle.current()
        .info()
        .startInstant()
        .ifPresent(start -> report.put("sinceProcessStartMs", Duration.between(start, Instant.now()).toMillis()));
    return report;
  }

  private static Map<String, String> error(Throwable e, String phase) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("phase", phase);
    error.put("errorType", e.getClass().getName());
    error.put("errorMessage", String.valueOf(e.getMessage()));
    return error;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object call(Object handler, byte[] event, LocalContext context) throws Exception {
    if (handler instanceof RequestStreamHandler streams) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      streams.handleRequest(new ByteArrayInputStream(event), out, context);
      return out.size() == 0 ? null : Json.MAPPER.readTree(out.toByteArray());
    }
    if (handler instanceof RequestHandler requests) {
      JavaType input = Json.MAPPER.getTypeFactory().constructType(inputType(handler.getClass()));
      Object parsed = Json.MAPPER.readValue(event, input);
      Object result = requests.handleRequest(parsed, context);
      return result == null ? null : Json.MAPPER.valueToTree(result);
    }
    throw new IllegalArgumentException(handler.getClass().getName() + " implements neither RequestHandler nor RequestStreamHandler");
  }

  /** The {@code I} of {@code RequestHandler<I, O>}, as the Lambda runtime resolves it. */
  static Type inputType(Class<?> cls) {
    for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          return p.getActualTypeArguments()[0];
        }
      }
    }
    return JsonNode.class;
  }

  private static int timeoutSeconds() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("LOCAL_TIMEOUT_SECONDS", "300"));
    } catch (NumberFormatException e) {
      return 300;
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
