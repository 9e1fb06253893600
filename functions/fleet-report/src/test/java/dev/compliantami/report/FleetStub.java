package dev.compliantami.report;

import dev.compliantami.testing.AwsWire;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.compliantami.events.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet across accounts and regions in EC2's Query/XML wire format (and SSM's JSON for
 * {@code DescribeInstanceInformation}), in front of moto for everything else (STS, SSM parameters, S3, SNS,
 * EventBridge). moto keeps EC2 per account, so an image shared by the factory account, an AWS- or
 * marketplace-aliased image, or the metadata of an image the instance's account cannot see cannot be built in it;
 * this stub serves exactly those reads: {@code DescribeInstances}, {@code DescribeImages} (image-id filter),
 * {@code DescribeInstanceImageMetadata}, {@code DescribeSecurityGroups} (group-id filter).
 *
 * <p>The account is the SigV4 access key's: {@code testing} is the central account; keys returned by AssumeRole
 * (proxied to moto) are recorded against the role's account.
 */
final class FleetStub implements AutoCloseable {
  static final String CENTRAL = "123456789012";
  static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private static final Pattern ROLE_ACCOUNT = Pattern.compile("^arn:[^:]+:iam::(\\d{12}):role/.+");
  private static final Pattern ACCESS_KEY = Pattern.compile("<AccessKeyId>\\s*([^<\\s]+)\\s*</AccessKeyId>");

  /** {@code visibleTo}: accounts whose DescribeImages returns it (the owner always; {@code "all"} = public). */
  record Img(String imageId, String region, String name, String ownerId, String alias, Instant created, Instant deprecated,
      String platformDetails, String state, Set<String> visibleTo, Map<String, String> tags) {
    static Img of(String imageId, String region, String name, String ownerId, String alias, Instant created, String platform) {
      return new Img(imageId, region, name, ownerId, alias, created, null, platform, "available", Set.of("all"), Map.of());
    }

    Img visibleTo(String... accounts) {
      return new Img(imageId, region, name, ownerId, alias, created, deprecated, platformDetails, state, Set.of(accounts), tags);
    }

    Img tagged(Map<String, String> t) {
      return new Img(imageId, region, name, ownerId, alias, created, deprecated, platformDetails, state, visibleTo, t);
    }

    Img deprecatedAt(Instant t) {
      return new Img(imageId, region, name, ownerId, alias, created, t, platformDetails, state, visibleTo, tags);
    }

    Img deregistered() {
      return new Img(imageId, region, name, ownerId, alias, created, deprecated, platformDetails, "deregistered", visibleTo, tags);
    }

    boolean visibleIn(String account) {
      return state.equals("available") && (account.equals(ownerId) || visibleTo.contains("all") || visibleTo.contains(account));
    }
  }

  record Inst(String instanceId, String imageId, String instanceType, String state, Instant launch, Instant eniAttach,
      Instant rootAttach, String platformDetails, List<String> groupIds, Map<String, String> tags) {}

  /** One inbound rule. */
  record Perm(String protocol, Integer from, Integer to, String cidr, String cidrV6) {}

  private record Key(String account, String region) {}

  private final Map<String, Img> images = new ConcurrentHashMap<>();
  private final Map<Key, List<Inst>> instances = new ConcurrentHashMap<>();
  private final Map<Key, Map<String, List<Perm>>> groups = new ConcurrentHashMap<>();
  private final Map<Key, Set<String>> ssmManaged = new ConcurrentHashMap<>();
  private final Map<String, String> accountByKey = new ConcurrentHashMap<>();
  private final Set<String> deniedAccounts = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<String> assumedRoles = new CopyOnWriteArrayList<>();
  private final WireMockServer server;

  FleetStub(String motoEndpoint, boolean journal) {
    accountByKey.put("testing", CENTRAL);
    var o = options().bindAddress("127.0.0.1").dynamicPort().containerThreads(32).extensions(new Handler(), new AssumeRoleRecorder());
    if (!journal) {
      o = o.disableRequestJournal();
    }
    server = new WireMockServer(o);
    server.start();
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(motoEndpoint)));
  }

  /** Points this JVM's EC2, STS and SSM clients here. */
  FleetStub route() {
    System.setProperty("aws.endpointUrlEc2", server.baseUrl());
    System.setProperty("aws.endpointUrlSts", server.baseUrl());
    System.setProperty("aws.endpointUrlSsm", server.baseUrl());
    return this;
  }

  String endpoint() {
    return server.baseUrl();
  }

  FleetStub image(Img image) {
    images.put(image.imageId(), image);
    return this;
  }

  FleetStub instance(String account, String region, Inst i) {
    instances.computeIfAbsent(new Key(account, region), k -> new CopyOnWriteArrayList<>()).add(i);
    return this;
  }

  FleetStub group(String account, String region, String groupId, Perm... perms) {
    groups.computeIfAbsent(new Key(account, region), k -> new ConcurrentHashMap<>()).put(groupId, List.of(perms));
    return this;
  }

  FleetStub ssmManaged(String account, String region, String... instanceIds) {
    ssmManaged.computeIfAbsent(new Key(account, region), k -> ConcurrentHashMap.newKeySet()).addAll(List.of(instanceIds));
    return this;
  }

  /** Every EC2 read of this account is refused (a member role without the permissions). */
  FleetStub deny(String account) {
    deniedAccounts.add(account);
    return this;
  }

  /** Requests received by kind ({@code ec2:DescribeInstances}, {@code sts:AssumeRole}, {@code ssm:GetParametersByPath}, …). */
  Map<String, Integer> calls() {
    Map<String, Integer> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  List<String> assumedRoles() {
    return List.copyOf(assumedRoles);
  }

  @Override
  public void close() {
    for (String p : List.of("aws.endpointUrlEc2", "aws.endpointUrlSts", "aws.endpointUrlSsm")) {
      if (server.baseUrl().equals(System.getProperty(p))) {
        System.clearProperty(p);
      }
    }
    server.stop();
  }

  private final class Handler implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return "fleet";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Request req = event.getRequest();
      AwsWire.Scope scope = AwsWire.scope(req);
      String service = scope == null ? "?" : scope.service();
      String account = scope == null ? CENTRAL : accountByKey.getOrDefault(scope.accessKeyId(), CENTRAL);
      String region = scope == null ? "us-east-1" : scope.region();
      String target = req.getHeader("X-Amz-Target");
      if (target != null && target.startsWith("AmazonSSM.")) {
        String action = target.substring("AmazonSSM.".length());
        count("ssm:" + action);
        return action.equals("DescribeInstanceInformation") ? instanceInformation(new Key(account, region), req) : event.getResponseDefinition();
      }
      Map<String, String> p = AwsWire.queryParameters(req);
      String action = p.get("Action");
      if (action == null) {
        count(service + ":" + req.getMethod() + (req.getUrl().contains("?") ? "" : ""));
        return event.getResponseDefinition();
      }
      count(service + ":" + action);
      if (!"ec2".equals(service)) {
        return event.getResponseDefinition();
      }
      Key key = new Key(account, region);
      if (deniedAccounts.contains(account)) {
        return error(403, "UnauthorizedOperation", "You are not authorized to perform this operation. (" + action + ")");
      }
      String body = switch (action) {
        case "DescribeInstances" -> describeInstances(key, p);
        case "DescribeImages" -> describeImages(key, p);
        case "DescribeInstanceImageMetadata" -> metadata(key, p);
        case "DescribeSecurityGroups" -> securityGroups(key, p);
        default -> null;
      };
      return body == null
          ? error(400, "InvalidAction", "FleetStub does not serve " + action)
          : new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body).build();
    }
  }

  private final class AssumeRoleRecorder implements ResponseTransformerV2 {
    @Override
    public String getName() {
      return "fleet-assume-role";
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
      Map<String, String> p = AwsWire.queryParameters(event.getRequest());
      if ("AssumeRole".equals(p.get("Action")) && response.getStatus() == 200) {
        Matcher a = ROLE_ACCOUNT.matcher(p.getOrDefault("RoleArn", ""));
        Matcher k = ACCESS_KEY.matcher(response.getBodyAsString());
        if (a.matches() && k.find()) {
          accountByKey.put(k.group(1), a.group(1));
          assumedRoles.add(p.get("RoleArn"));
        }
      }
      return response;
    }
  }

  private void count(String kind) {
    calls.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  // ---- EC2

  private String describeInstances(Key key, Map<String, String> p) {
    List<Inst> all = instances.getOrDefault(key, List.of());
    int max = p.containsKey("MaxResults") ? Integer.parseInt(p.get("MaxResults")) : 1000;
    if (max < 5 || max > 1000) {
      throw new IllegalArgumentException("MaxResults " + max);
    }
    int offset = p.containsKey("NextToken") ? Integer.parseInt(p.get("NextToken").substring(4)) : 0;
    int end = Math.min(all.size(), offset + max);
    StringBuilder b = new StringBuilder(end > offset ? (end - offset) * 1400 : 256);
    b.append(open("DescribeInstances")).append("<reservationSet>");
    for (int n = offset; n < end; n++) {
      Inst i = all.get(n);
      b.append("<item><reservationId>r-").append(i.instanceId().substring(2)).append("</reservationId><ownerId>").append(key.account())
          .append("</ownerId><instancesSet><item>");
      el(b, "instanceId", i.instanceId());
      el(b, "imageId", i.imageId());
      b.append("<instanceState><code>").append(i.state().equals("running") ? 16 : 80).append("</code><name>").append(i.state())
          .append("</name></instanceState>");
      el(b, "instanceType", i.instanceType());
      el(b, "launchTime", time(i.launch()));
      el(b, "platformDetails", i.platformDetails());
      el(b, "rootDeviceName", "/dev/xvda");
      el(b, "rootDeviceType", "ebs");
      if (i.rootAttach() != null) {
        b.append("<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-").append(i.instanceId().substring(2))
            .append("</volumeId><status>attached</status><attachTime>").append(time(i.rootAttach()))
            .append("</attachTime><deleteOnTermination>true</deleteOnTermination></ebs></item></blockDeviceMapping>");
      }
      if (i.eniAttach() != null) {
        b.append("<networkInterfaceSet><item><networkInterfaceId>eni-").append(i.instanceId().substring(2))
            .append("</networkInterfaceId><attachment><attachmentId>eni-attach-1</attachmentId><deviceIndex>0</deviceIndex>")
            .append("<status>attached</status><attachTime>").append(time(i.eniAttach())).append("</attachTime></attachment></item></networkInterfaceSet>");
      }
      b.append("<groupSet>");
      for (String g : i.groupIds()) {
        b.append("<item><groupId>").append(g).append("</groupId><groupName>").append(g).append("</groupName></item>");
      }
      b.append("</groupSet>");
      tags(b, i.tags());
      b.append("</item></instancesSet></item>");
    }
    b.append("</reservationSet>");
    if (end < all.size()) {
      el(b, "nextToken", "page" + end);
    }
    return b.append("</DescribeInstancesResponse>").toString();
  }

  private String describeImages(Key key, Map<String, String> p) {
    Set<String> ids = new HashSet<>(filterValues(p, "image-id"));
    Set<String> owners = new HashSet<>(indexed(p, "Owner"));
    if (ids.size() > 200) {
      throw new IllegalArgumentException("more than 200 filter values");
    }
    StringBuilder b = new StringBuilder(open("DescribeImages")).append("<imagesSet>");
    for (String id : ids) {
      Img i = images.get(id);
      if (i == null || !i.region().equals(key.region()) || !i.visibleIn(key.account())) {
        continue;
      }
      if (!owners.isEmpty() && !(owners.contains("self") && i.ownerId().equals(key.account())) && !owners.contains(i.ownerId())) {
        continue;
      }
      b.append("<item>");
      el(b, "imageId", i.imageId());
      el(b, "imageState", "available");
      el(b, "imageOwnerId", i.ownerId());
      el(b, "imageOwnerAlias", i.alias());
      el(b, "name", i.name());
      el(b, "creationDate", time(i.created()));
      el(b, "deprecationTime", time(i.deprecated()));
      el(b, "platformDetails", i.platformDetails());
      // Tags of an image are visible to its owner only.
      tags(b, i.ownerId().equals(key.account()) ? i.tags() : Map.of());
      b.append("</item>");
    }
    return b.append("</imagesSet></DescribeImagesResponse>").toString();
  }

  private String metadata(Key key, Map<String, String> p) {
    Set<String> ids = new HashSet<>(indexed(p, "InstanceId"));
    StringBuilder b = new StringBuilder(open("DescribeInstanceImageMetadata")).append("<instanceImageMetadataSet>");
    for (Inst i : instances.getOrDefault(key, List.of())) {
      if (!ids.contains(i.instanceId())) {
        continue;
      }
      b.append("<item>");
      el(b, "instanceId", i.instanceId());
      Img img = images.get(i.imageId());
      if (img != null) {
        b.append("<imageMetadata>");
        el(b, "imageId", img.imageId());
        el(b, "name", img.name());
        el(b, "imageOwnerId", img.ownerId());
        el(b, "imageState", img.state());
        el(b, "imageOwnerAlias", img.alias());
        el(b, "creationDate", time(img.created()));
        el(b, "deprecationTime", time(img.deprecated()));
        b.append("</imageMetadata>");
      }
      b.append("</item>");
    }
    return b.append("</instanceImageMetadataSet></DescribeInstanceImageMetadataResponse>").toString();
  }

  private String securityGroups(Key key, Map<String, String> p) {
    List<String> ids = filterValues(p, "group-id");
    Map<String, List<Perm>> known = groups.getOrDefault(key, Map.of());
    StringBuilder b = new StringBuilder(open("DescribeSecurityGroups")).append("<securityGroupInfo>");
    for (String id : ids) {
      List<Perm> perms = known.get(id);
      if (perms == null) {
        continue;
      }
      b.append("<item><ownerId>").append(key.account()).append("</ownerId><groupId>").append(id).append("</groupId><groupName>").append(id)
          .append("</groupName><ipPermissions>");
      for (Perm r : perms) {
        b.append("<item><ipProtocol>").append(r.protocol()).append("</ipProtocol>");
        el(b, "fromPort", r.from() == null ? null : r.from().toString());
        el(b, "toPort", r.to() == null ? null : r.to().toString());
        b.append("<ipRanges>");
        if (r.cidr() != null) {
          b.append("<item><cidrIp>").append(r.cidr()).append("</cidrIp></item>");
        }
        b.append("</ipRanges><ipv6Ranges>");
        if (r.cidrV6() != null) {
          b.append("<item><cidrIpv6>").append(r.cidrV6()).append("</cidrIpv6></item>");
        }
        b.append("</ipv6Ranges></item>");
      }
      b.append("</ipPermissions></item>");
    }
    return b.append("</securityGroupInfo></DescribeSecurityGroupsResponse>").toString();
  }

  // ---- SSM (JSON 1.1)

  private ResponseDefinition instanceInformation(Key key, Request req) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(req.getBodyAsString());
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
    int max = body.has("MaxResults") ? body.get("MaxResults").asInt() : 50;
    int offset = body.has("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
    List<String> all = new ArrayList<>(ssmManaged.getOrDefault(key, Set.of()));
    all.sort(null);
    int end = Math.min(all.size(), offset + max);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("InstanceInformationList", all.subList(offset, end).stream().map(id -> Map.of("InstanceId", id, "PingStatus", "Online")).toList());
    if (end < all.size()) {
      out.put("NextToken", Integer.toString(end));
    }
    return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(Json.write(out)).build();
  }

  // ---- wire helpers

  private static String open(String action) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + NS + "\"><requestId>" + UUID.randomUUID() + "</requestId>";
  }

  private static void el(StringBuilder b, String name, String value) {
    if (value != null) {
      b.append('<').append(name).append('>').append(xml(value)).append("</").append(name).append('>');
    }
  }

  private static void tags(StringBuilder b, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    b.append("<tagSet>");
    tags.forEach((k, v) -> {
      b.append("<item>");
      el(b, "key", k);
      el(b, "value", v);
      b.append("</item>");
    });
    b.append("</tagSet>");
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("\r", "&#13;").replace("\n", "&#10;");
  }

  private static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static ResponseDefinition error(int status, String code, String message) {
    return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>" + xml(message)
            + "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>").build();
  }

  private static List<String> indexed(Map<String, String> p, String prefix) {
    List<String> out = new ArrayList<>();
    for (int n = 1; p.containsKey(prefix + "." + n); n++) {
      out.add(p.get(prefix + "." + n));
    }
    return out;
  }

  private static List<String> filterValues(Map<String, String> p, String name) {
    for (int n = 1; p.containsKey("Filter." + n + ".Name"); n++) {
      if (p.get("Filter." + n + ".Name").equals(name)) {
        return indexed(p, "Filter." + n + ".Value");
      }
    }
    return List.of();
  }
}
