package dev.compliantami.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a KMS key policy lets every account of an organization use the key to launch from an
 * encrypted shared AMI (aws-reference §4.2): an Allow statement for any principal, conditioned on
 * {@code aws:PrincipalOrgID} = the organization (or {@code aws:PrincipalOrgPaths} under it), granting
 * at least the actions EBS needs.
 */
public final class KeyPolicies {
  static final Set<String> REQUIRED = Set.of("kms:Decrypt", "kms:CreateGrant", "kms:DescribeKey", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext");
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyPolicies() {}

  public static boolean allowsOrganization(String policyJson, String organizationId) {
    JsonNode policy;
    try {
      policy = JSON.readTree(policyJson);
    } catch (Exception e) {
      return false;
    }
    List<String> granted = new ArrayList<>();
    List<String> denied = new ArrayList<>();
    for (JsonNode st : list(policy.path("Statement"))) {
      String effect = st.path("Effect").asText();
      if ("Deny".equals(effect)) {
        // any Deny naming a required action may hit the organization's principals: do not second-guess it
        list(st.path("Action")).forEach(a -> denied.add(a.asText()));
        if (st.has("NotAction")) {
          denied.add("*");
        }
      } else if ("Allow".equals(effect) && !st.has("NotAction") && !st.has("NotPrincipal")
          && anyPrincipal(st.path("Principal")) && orgCondition(st.path("Condition"), organizationId)) {
        list(st.path("Action")).forEach(a -> granted.add(a.asText()));
      }
    }
    return REQUIRED.stream().allMatch(required ->
        granted.stream().anyMatch(g -> matches(g, required)) && denied.stream().noneMatch(d -> matches(d, required)));
  }

  private static boolean anyPrincipal(JsonNode principal) {
    return "*".equals(principal.asText(null)) || list(principal.path("AWS")).stream().anyMatch(p -> "*".equals(p.asText()));
  }

  /** Operators under which an org id or path in the condition grants (rather than excludes) the organization. */
  private static final Set<String> GRANTING_OPERATORS =
      Set.of("stringequals", "stringlike", "foranyvalue:stringequals", "foranyvalue:stringlike", "stringequalsignorecase");

  private static boolean orgCondition(JsonNode condition, String orgId) {
    for (var op : iterable(condition)) {
      if (!GRANTING_OPERATORS.contains(op.getKey().toLowerCase())) {
        continue;
      }
      for (var key : iterable(op.getValue())) {
        String k = key.getKey().toLowerCase();
        for (JsonNode v : list(key.getValue())) {
          if (k.equals("aws:principalorgid") && v.asText().equals(orgId)) {
            return true;
          }
          if (k.equals("aws:principalorgpaths") && v.asText().startsWith(orgId + "/")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** IAM action wildcard match, case-insensitive ({@code kms:*}, {@code kms:ReEncrypt*}). */
  static boolean matches(String pattern, String action) {
    String regex = "(?i)" + pattern.replace(".", "\\.").replace("?", ".").replace("*", ".*");
    return action.matches(regex) || pattern.equals("*");
  }

  private static List<JsonNode> list(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(out::add);
    } else if (!n.isMissingNode() && !n.isNull()) {
      out.add(n);
    }
    return out;
  }

  private static Iterable<java.util.Map.Entry<String, JsonNode>> iterable(JsonNode n) {
    return n.isObject() ? n.properties() : List.of();
  }
}
