package dev.compliantami.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.compliantami.aws.AwsClients;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WireMock server between the SDK clients of this JVM and the emulators (moto and the stubs) that forwards every call
 * to the emulator of its service and injects, per the {@link FaultProfile}, throttling and 5xx errors in the service's
 * own wire format, connection resets, slow answers and refused {@code AssumeRole}s — and records every call.
 *
 * <p>The service is the signing name of the SigV4 credential scope; its emulator is what the SDK's endpoint system
 * property for it ({@code aws.endpointUrlEc2}, ..., else {@code aws.endpointUrl}) named when {@link #routeSdkClients}
 * took them over. Which call is faulted depends only on the seed, the call (service, operation, body) and how many
 * times the same call came before — not on timing or thread order — so a seed replays the same faults.
 *
 * <p>Wire formats: EC2 Query ({@code <Response><Errors>}, throttling {@code RequestLimitExceeded} 503, 5xx {@code
 * InternalError} 500); other Query services ({@code <ErrorResponse>}, {@code Throttling} 400, {@code InternalFailure}
 * 500); JSON protocol ({@code x-amzn-ErrorType}, {@code ThrottlingException} 400, {@code InternalServerError} 500);
 * Image Builder REST-JSON ({@code CallRateLimitExceededException} 429, {@code ServiceException} 500).
 */
public final class FaultProxy implements AutoCloseable {

  /** What happened to one call. */
  public enum Injected {
    NONE, THROTTLED, SERVER_ERROR, RESET, SLOW, ASSUME_ROLE_DENIED;

    /** Whether the call reached the emulator (and so took effect, seen by the client or not). */
    public boolean forwarded() {
      return this == NONE || this == SLOW;
    }
  }

  /** One call received: its service (signing name), operation, whether it mutates, what was injected, and its body. */
  public record Call(String service, String operation, boolean mutating, Injected injected, String body) {
    /** A Query-protocol parameter of the call ({@code InstanceId.1}, {@code RoleArn}, ...), or null. */
    public String parameter(String name) {
      return AwsWire.form(body).get(name);
    }
  }

  /** SDK endpoint system property suffix by signing name. */
  private static final Map<String, String> PROPERTY_BY_SERVICE = Map.of(
      "ec2", "Ec2", "sts", "Sts", "ssm", "Ssm", "imagebuilder", "Imagebuilder", "autoscaling", "AutoScaling",
      "sns", "Sns", "events", "EventBridge", "sqs", "Sqs", "organizations", "Organizations");
  private static final Pattern ROLE_ACCOUNT = Pattern.compile("^arn:[^:]+:iam::(\\d{12}):role/.+");
  private static final List<String> READ_PREFIXES =
      List.of("Describe", "Get", "List", "Search", "Lookup", "BatchGet", "AssumeRole", "Receive");

  private final WireMockServer server;
  private final Map<String, String> upstreams = new ConcurrentHashMap<>();
  private final Map<String, String> replacedProperties = new HashMap<>();
  private final Map<String, AtomicInteger> occurrences = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile FaultProfile profile;
  private volatile String defaultUpstream;

  private FaultProxy(FaultProfile profile) {
    this.profile = Objects.requireNonNull(profile);
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(40).jettyStopTimeout(200L)
        .disableRequestJournal().extensions(new Injector()));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(502).withBody("no upstream")));
  }

  public static FaultProxy start(FaultProfile profile) {
    return new FaultProxy(profile);
  }

  public String endpoint() {
    return server.baseUrl();
  }

  /** Forwards every call to {@code upstream}, for clients pointed here explicitly (no system property changed). */
  public FaultProxy inFrontOf(String upstream) {
    defaultUpstream = upstream;
    return this;
  }

  /**
   * Takes over the SDK endpoint system properties of this JVM: each service's current endpoint (its own property, else
   * {@code aws.endpointUrl}, which must be set) becomes its upstream, and every property then points here; the SDK
   * attempt timeout of {@code AwsClients} becomes {@link FaultProfile#CLIENT_ATTEMPT_TIMEOUT}. {@link #close()} puts
   * them back.
   */
  public FaultProxy routeSdkClients() {
    String generic = System.getProperty("aws.endpointUrl");
    if (generic == null) {
      throw new IllegalStateException("aws.endpointUrl is not set: route the emulators first, then the proxy");
    }
    defaultUpstream = generic;
    replacedProperties.put("aws.endpointUrl", generic);
    PROPERTY_BY_SERVICE.forEach((service, suffix) -> {
      String property = "aws.endpointUrl" + suffix;
      String current = System.getProperty(property);
      replacedProperties.put(property, current);
      upstreams.put(service, current != null ? current : generic);
      System.setProperty(property, endpoint());
    });
    System.setProperty("aws.endpointUrl", endpoint());
    replacedProperties.put(AwsClients.ATTEMPT_TIMEOUT_PROPERTY, System.getProperty(AwsClients.ATTEMPT_TIMEOUT_PROPERTY));
    System.setProperty(AwsClients.ATTEMPT_TIMEOUT_PROPERTY, FaultProfile.CLIENT_ATTEMPT_TIMEOUT.toString());
    return this;
  }

  /** Switches the profile (e.g. to {@link FaultProfile#none()} to replay an invocation on a healthy network). */
  public void profile(FaultProfile newProfile) {
    this.profile = Objects.requireNonNull(newProfile);
  }

  public FaultProfile profile() {
    return profile;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls of {@code operation} that reached the emulator (and took effect), faulted-slow ones included. */
  public List<Call> forwarded(String operation) {
    return calls.stream().filter(c -> c.operation().equals(operation) && c.injected().forwarded()).toList();
  }

  /** How many calls got each injection, e.g. {@code {NONE=120, THROTTLED=31}}. */
  public Map<Injected, Long> tally() {
    Map<Injected, Long> out = new LinkedHashMap<>();
    for (Injected i : Injected.values()) {
      long n = calls.stream().filter(c -> c.injected() == i).count();
      if (n > 0) {
        out.put(i, n);
      }
    }
    return out;
  }

  public void clearCalls() {
    calls.clear();
  }

  @Override
  public void close() {
    replacedProperties.forEach((property, value) -> {
      if (value == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, value);
      }
    });
    server.stop();
  }

  // ---------------------------------------------------------------------------------------------------------------

  private final class Injector implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return "fault-injector";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      Request request = serveEvent.getRequest();
      String service = AwsWire.service(request, "unknown");
      String body = request.getBodyAsString();
      String operation = operation(request, body);
      boolean mutating = READ_PREFIXES.stream().noneMatch(operation::startsWith);
      FaultProfile p = profile;
      Injected injected = decide(p, service, operation, mutating, body);
      calls.add(new Call(service, operation, mutating, injected, body));
      String upstream = upstreams.getOrDefault(service, defaultUpstream);
      return switch (injected) {
        case NONE -> new ResponseDefinitionBuilder().proxiedFrom(upstream).build();
        case SLOW -> new ResponseDefinitionBuilder().proxiedFrom(upstream)
            .withFixedDelay((int) p.slowDelay().toMillis()).build();
        case RESET -> new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        case THROTTLED -> error(request, service, true);
        case SERVER_ERROR -> error(request, service, false);
        case ASSUME_ROLE_DENIED -> assumeRoleDenied(AwsWire.form(body).get("RoleArn"));
      };
    }
  }

  private Injected decide(FaultProfile p, String service, String operation, boolean mutating, String body) {
    if ("AssumeRole".equals(operation) && !p.unassumableAccounts().isEmpty()) {
      Matcher account = ROLE_ACCOUNT.matcher(Objects.toString(AwsWire.form(body).get("RoleArn"), ""));
      if (account.matches() && p.unassumableAccounts().contains(account.group(1))) {
        return Injected.ASSUME_ROLE_DENIED;
      }
    }
    boolean inScope = switch (p.scope()) {
      case ALL -> true;
      case MUTATING -> mutating;
      case READS -> !mutating;
    };
    if (!inScope || !p.services().contains(service)) {
      return Injected.NONE;
    }
    String key = service + "|" + operation + "|" + body;
    int nth = occurrences.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
    long mixed = (p.seed() * 0x9E3779B97F4A7C15L ^ key.hashCode()) * 0xBF58476D1CE4E5B9L + nth;
    double draw = new SplittableRandom(mixed).nextDouble();
    double bound = p.throttled();
    if (draw < bound) {
      return Injected.THROTTLED;
    }
    if (draw < (bound += p.serverErrors())) {
      return Injected.SERVER_ERROR;
    }
    if (draw < (bound += p.resets())) {
      return Injected.RESET;
    }
    if (draw < bound + p.slow()) {
      return Injected.SLOW;
    }
    return Injected.NONE;
  }

  private static String xmlText(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String operation(Request request, String body) {
    String action = AwsWire.form(body).get("Action");
    if (action == null && request.getUrl().contains("Action=")) {
      action = AwsWire.form(request.getUrl().substring(request.getUrl().indexOf('?') + 1)).get("Action");
    }
    if (action != null) {
      return action;
    }
    String target = request.getHeader("X-Amz-Target");
    if (target != null) {
      return target.substring(target.indexOf('.') + 1);
    }
    String path = request.getUrl().split("\\?", 2)[0];
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static ResponseDefinition error(Request request, String service, boolean throttled) {
    String contentType = Objects.toString(request.getHeader("Content-Type"), "");
    String id = UUID.randomUUID().toString();
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      if ("ec2".equals(service)) {
        String code = throttled ? "RequestLimitExceeded" : "InternalError";
        return xml(throttled ? 503 : 500, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
            + "</Code><Message>Injected " + code + ".</Message></Error></Errors><RequestID>" + id + "</RequestID></Response>");
      }
      String code = throttled ? "Throttling" : "InternalFailure";
      return xml(throttled ? 400 : 500, "<ErrorResponse><Error><Type>" + (throttled ? "Sender" : "Receiver") + "</Type><Code>"
          + code + "</Code><Message>Injected " + code + ".</Message></Error><RequestId>" + id + "</RequestId></ErrorResponse>");
    }
    if ("imagebuilder".equals(service)) {
      String code = throttled ? "CallRateLimitExceededException" : "ServiceException";
      return json(throttled ? 429 : 500, code, "application/json", "{\"message\":\"Injected " + code + ".\"}");
    }
    String code = throttled ? "ThrottlingException" : "InternalServerError";
    return json(throttled ? 400 : 500, code, "application/x-amz-json-1.1",
        "{\"__type\":\"" + code + "\",\"message\":\"Injected " + code + ".\"}");
  }

  private static ResponseDefinition xml(int status, String body) {
    return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static ResponseDefinition json(int status, String code, String contentType, String body) {
    return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", contentType)
        .withHeader("x-amzn-ErrorType", code).withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .withBody(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static ResponseDefinition assumeRoleDenied(String roleArn) {
    return xml(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
        + "<Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/function/session is not "
        + "authorized to perform: sts:AssumeRole on resource: " + xmlText(Objects.toString(roleArn, ""))
        + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
  }
}
