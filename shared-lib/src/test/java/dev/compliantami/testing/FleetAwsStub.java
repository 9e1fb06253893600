package dev.compliantami.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * WireMock in front of moto for EC2, STS and Auto Scaling: serves, in Auto Scaling's Query/XML wire format, what moto
 * 5.2.5 lacks or answers too simply, and proxies everything else to moto unchanged.
 *
 * <ul>
 *   <li>{@code StartInstanceRefresh} / {@code DescribeInstanceRefreshes} (moto has neither): refreshes per group name,
 *       {@link #refreshInProgress seeded} or started through the API (then {@code InProgress}).
 *   <li>{@code DescribeScalingActivities} (moto always answers none): seeded activities, plus one {@code InProgress}
 *       activity per {@code TerminateInstanceInAutoScalingGroup} that went through (real Auto Scaling reports the
 *       termination and the replacement's launch as in progress for minutes; moto replaces instantly). {@link
 *       #completeActivities()} ends them.
 *   <li>Instance age: moto stamps LaunchTime and every attach time with the creation time and does not reset
 *       LaunchTime on stop/start, so {@link #age} rewrites, in moto's DescribeInstances answers, the instance's
 *       {@code launchTime} (last launch) and every {@code attachTime} under it (primary ENI and root volume: the first
 *       launch). Nothing else of the answer changes.
 *   <li>{@link #denyAssumeRole}: AssumeRole into that account answers 403 AccessDenied (the member role is missing).
 * </ul>
 * Groups are keyed by name: tests give every group a name unique across accounts and regions.
 */
public final class FleetAwsStub implements AutoCloseable {
  public static final String AS_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
  public static final Set<String> MUTATING = Set.of("TerminateInstanceInAutoScalingGroup", "StartInstanceRefresh", "TerminateInstances",
      "StopInstances", "SetDesiredCapacity", "UpdateAutoScalingGroup", "CancelInstanceRefresh");

  public record History(Instant firstLaunch, Instant lastLaunch) {}

  public record Call(String service, String action, Map<String, String> params) {}

  private record Refresh(String id, String status, Instant start) {}

  private record Activity(String id, String group, String status, String description, Instant start) {}

  private final Map<String, History> ages = new ConcurrentHashMap<>();
  private final Map<String, List<Refresh>> refreshes = new ConcurrentHashMap<>();
  private final Map<String, List<Activity>> activities = new ConcurrentHashMap<>();
  private final Set<String> deniedAccounts = ConcurrentHashMap.newKeySet();
  private final Set<String> ssmManaged = ConcurrentHashMap.newKeySet();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicReference<Runnable> onRedescribe = new java.util.concurrent.atomic.AtomicReference<>();
  private final WireMockServer server;

  public FleetAwsStub(String motoEndpoint) {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new Served(), new AgeRewriter()));
    server.start();
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(motoEndpoint)));
  }

  public FleetAwsStub routeSdkClients() {
    System.setProperty("aws.endpointUrlEc2", server.baseUrl());
    System.setProperty("aws.endpointUrlSts", server.baseUrl());
    System.setProperty("aws.endpointUrlAutoScaling", server.baseUrl());
    return this;
  }

  public String endpoint() {
    return server.baseUrl();
  }

  /** From now on DescribeInstances shows {@code instanceId} first launched at {@code first}, last launched at {@code last}. */
  public void age(String instanceId, Instant first, Instant last) {
    ages.put(instanceId, new History(first, last));
  }

  public void refreshInProgress(String group) {
    refreshes.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(0, new Refresh(UUID.randomUUID().toString(), "InProgress", Instant.now()));
  }

  public void activityInProgress(String group) {
    activities.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>())
        .add(0, new Activity(UUID.randomUUID().toString(), group, "InProgress", "Launching a new EC2 instance", Instant.now()));
  }

  public void completeActivities() {
    activities.replaceAll((g, list) -> new CopyOnWriteArrayList<>(list.stream()
        .map(a -> new Activity(a.id(), a.group(), "Successful", a.description(), a.start())).toList()));
  }

  public List<String> refreshesStarted(String group) {
    return refreshes.getOrDefault(group, List.of()).stream().map(Refresh::id).toList();
  }

  /** Runs {@code change} once, when the function re-reads instances by id before acting (before moto answers). */
  public void onRedescribe(Runnable change) {
    onRedescribe.set(change);
  }

  /**
   * Instances Systems Manager manages: SSM {@code DescribeInstanceInformation} (moto 5.2.5 answers it with a 500)
   * lists these, whatever the caller's account and region (a reader keeps the ids it knows).
   */
  public void ssmManaged(String... instanceIds) {
    ssmManaged.addAll(List.of(instanceIds));
  }

  public void denyAssumeRole(String account) {
    deniedAccounts.add(account);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public void clearCalls() {
    calls.clear();
  }

  /** Calls by {@code Service:Action}. */
  public Map<String, Integer> callCounts() {
    Map<String, Integer> out = new TreeMap<>();
    calls.forEach(c -> out.merge(c.service() + ":" + c.action(), 1, Integer::sum));
    return out;
  }

  public List<Call> mutatingCalls() {
    return calls.stream().filter(c -> MUTATING.contains(c.action())).toList();
  }

  @Override
  public void close() {
    server.stop();
  }

  private static ResponseDefinition xml(int status, String body) {
    return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
        .withHeader("Content-Type", "text/xml").withBody(body).build();
  }

  private static ResponseDefinition asOk(String action, String result) {
    return xml(200, "<" + action + "Response xmlns=\"" + AS_NS + "\"><" + action + "Result>" + result + "</" + action + "Result>"
        + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action + "Response>");
  }

  private static ResponseDefinition asError(int status, String code, String message) {
    return xml(status, "<ErrorResponse xmlns=\"" + AS_NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
        + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
  }

  /** Records every call; answers the operations this stub serves; leaves the rest to the proxy. */
  private final class Served implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return "reaper-served";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Request r = event.getRequest();
      if ("AmazonSSM.DescribeInstanceInformation".equals(r.getHeader("X-Amz-Target"))) {
        calls.add(new Call(AwsWire.service(r, "?"), "DescribeInstanceInformation", Map.of()));
        StringBuilder list = new StringBuilder();
        for (String id : ssmManaged) {
          list.append(list.isEmpty() ? "" : ",").append("{\"InstanceId\":\"").append(id)
              .append("\",\"PingStatus\":\"Online\",\"ResourceType\":\"EC2Instance\",\"AgentVersion\":\"3.3.1142.0\"}");
        }
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
            .withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{\"InstanceInformationList\":[" + list + "]}").build();
      }
      Map<String, String> p = AwsWire.form(r.getBodyAsString());
      String action = p.getOrDefault("Action", "?");
      String service = AwsWire.service(r, "?");
      calls.add(new Call(service, action, p));
      switch (action) {
        case "AssumeRole" -> {
          String arn = p.getOrDefault("RoleArn", "");
          if (deniedAccounts.stream().anyMatch(a -> arn.contains(":" + a + ":"))) {
            return xml(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                + "<Message>User is not authorized to perform: sts:AssumeRole on resource: " + arn + "</Message></Error><RequestId>"
                + UUID.randomUUID() + "</RequestId></ErrorResponse>");
          }
        }
        case "DescribeInstances" -> {
          if ("instance-id".equals(p.get("Filter.1.Name"))) {
            Runnable change = onRedescribe.getAndSet(null);
            if (change != null) {
              change.run();
            }
          }
        }
        case "DescribeInstanceRefreshes" -> {
          StringBuilder b = new StringBuilder("<InstanceRefreshes>");
          String g = p.get("AutoScalingGroupName");
          for (Refresh x : refreshes.getOrDefault(g, List.of())) {
            b.append("<member><InstanceRefreshId>").append(x.id()).append("</InstanceRefreshId><AutoScalingGroupName>").append(g)
                .append("</AutoScalingGroupName><Status>").append(x.status()).append("</Status><StartTime>").append(x.start())
                .append("</StartTime><PercentageComplete>0</PercentageComplete></member>");
          }
          return asOk(action, b.append("</InstanceRefreshes>").toString());
        }
        case "StartInstanceRefresh" -> {
          String g = p.get("AutoScalingGroupName");
          if (refreshes.getOrDefault(g, List.of()).stream().anyMatch(x -> x.status().equals("InProgress"))) {
            return asError(400, "InstanceRefreshInProgress", "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.");
          }
          refreshInProgress(g);
          return asOk(action, "<InstanceRefreshId>" + refreshes.get(g).get(0).id() + "</InstanceRefreshId>");
        }
        case "DescribeScalingActivities" -> {
          StringBuilder b = new StringBuilder("<Activities>");
          for (Activity a : activities.getOrDefault(p.get("AutoScalingGroupName"), List.of())) {
            b.append("<member><ActivityId>").append(a.id()).append("</ActivityId><AutoScalingGroupName>").append(a.group())
                .append("</AutoScalingGroupName><Description>").append(a.description()).append("</Description><Cause>test</Cause><StartTime>")
                .append(a.start()).append("</StartTime><StatusCode>").append(a.status()).append("</StatusCode><Progress>50</Progress></member>");
          }
          return asOk(action, b.append("</Activities>").toString());
        }
        default -> {
        }
      }
      return event.getResponseDefinition();
    }

    @Override
    public boolean applyGlobally() {
      return true;
    }
  }

  /** Rewrites ages in moto's DescribeInstances answers; notes the group of every in-group termination. */
  private final class AgeRewriter implements ResponseTransformerV2 {
    @Override
    public String getName() {
      return "reaper-ages";
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
      Map<String, String> p = AwsWire.form(event.getRequest().getBodyAsString());
      String action = p.getOrDefault("Action", "");
      if (action.equals("TerminateInstanceInAutoScalingGroup") && response.getStatus() == 200) {
        Matcher m = Pattern.compile("<AutoScalingGroupName>([^<]+)</AutoScalingGroupName>").matcher(response.getBodyAsString());
        if (m.find()) {
          activityInProgress(m.group(1));
        }
        return response;
      }
      if (!action.equals("DescribeInstances") || response.getStatus() != 200 || ages.isEmpty()) {
        return response;
      }
      // moto's Content-Length no longer fits the rewritten body: a client reading exactly that many bytes (a proxy in
      // front of this stub) would cut the answer short
      com.github.tomakehurst.wiremock.http.HttpHeaders headers = new com.github.tomakehurst.wiremock.http.HttpHeaders(
          response.getHeaders().all().stream().filter(h -> !h.keyEquals("Content-Length")).toList());
      return Response.Builder.like(response).but().headers(headers).body(rewrite(response.getBodyAsString())).build();
    }

    private String rewrite(String body) {
      try {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        NodeList ids = doc.getElementsByTagNameNS("*", "instanceId");
        List<Element> items = new ArrayList<>();
        for (int i = 0; i < ids.getLength(); i++) {
          Node parent = ids.item(i).getParentNode();
          if (parent instanceof Element e && ages.containsKey(ids.item(i).getTextContent().trim())
              && e.getParentNode() != null && "instancesSet".equals(e.getParentNode().getLocalName())) {
            items.add(e);
          }
        }
        for (Element item : items) {
          History h = ages.get(directChild(item, "instanceId").getTextContent().trim());
          Element launch = directChild(item, "launchTime");
          if (launch != null) {
            launch.setTextContent(h.lastLaunch().toString());
          }
          NodeList attach = item.getElementsByTagNameNS("*", "attachTime");
          for (int i = 0; i < attach.getLength(); i++) {
            attach.item(i).setTextContent(h.firstLaunch().toString());
          }
        }
        StringWriter w = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(w));
        return w.toString();
      } catch (Exception e) {
        throw new IllegalStateException("cannot rewrite DescribeInstances answer", e);
      }
    }

    private static Element directChild(Element parent, String name) {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && name.equals(e.getLocalName())) {
          return e;
        }
      }
      return null;
    }

    @Override
    public boolean applyGlobally() {
      return true;
    }
  }
}
