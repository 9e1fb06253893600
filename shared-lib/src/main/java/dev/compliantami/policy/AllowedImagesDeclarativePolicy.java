package dev.compliantami.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compliantami.events.Json;
import java.util.List;
import java.util.Set;

/**
 * The Organizations declarative policy for EC2 ({@code DECLARATIVE_POLICY_EC2}) equivalent to the desired
 * Allowed AMIs setting, for organisations that prefer to govern it centrally (the enforcer then only
 * reports, see {@link AllowedImagesReconciliation.ManagedByPolicy}).
 *
 * <p>UNCONFIRMED: the exact schema is not confirmed in aws-reference.md §5.3. The snake_case names follow
 * consistent public examples; {@code @@assign} is put on every leaf value, including the day conditions;
 * provider values are written as the API spells them (e.g. {@code aws-backup-vault}, not
 * {@code aws_backup_vault}). Validate with the console policy editor or {@code DescribeEffectivePolicy}
 * before attaching it.
 */
public final class AllowedImagesDeclarativePolicy {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AllowedImagesDeclarativePolicy() {}

  /** Pretty-printed, keys in a fixed order, values sorted. */
  public static String json(AllowedImagesDesired desired) {
    return json(desired.state(), desired.criteria());
  }

  /** @param state {@code audit-mode} or {@code enabled} (the API spelling) */
  public static String json(String state, List<AllowedImagesCriterion> criteria) {
    return Json.pretty(tree(state, criteria));
  }

  public static ObjectNode tree(String state, List<AllowedImagesCriterion> criteria) {
    String policyState = switch (state) {
      case AllowedImagesSettings.AUDIT_MODE -> "audit_mode";
      case AllowedImagesSettings.ENABLED -> "enabled";
      default -> throw new IllegalArgumentException("a declarative policy state is audit-mode or enabled, not " + state);
    };
    ObjectNode settings = NODES.objectNode();
    settings.set("state", assign(NODES.textNode(policyState)));
    ObjectNode imageCriteria = NODES.objectNode();
    for (int i = 0; i < criteria.size(); i++) {
      imageCriteria.set("criteria_" + (i + 1), criterion(criteria.get(i)));
    }
    settings.set("image_criteria", imageCriteria);
    ObjectNode attributes = NODES.objectNode();
    attributes.set("allowed_images_settings", settings);
    ObjectNode root = NODES.objectNode();
    root.set("ec2_attributes", attributes);
    return root;
  }

  private static ObjectNode criterion(AllowedImagesCriterion c) {
    ObjectNode node = NODES.objectNode();
    if (!c.imageProviders().isEmpty()) {
      node.set("allowed_image_providers", assign(array(c.imageProviders())));
    }
    if (!c.imageNames().isEmpty()) {
      node.set("image_names", assign(array(c.imageNames())));
    }
    if (!c.marketplaceProductCodes().isEmpty()) {
      node.set("marketplace_product_codes", assign(array(c.marketplaceProductCodes())));
    }
    if (c.maximumDaysSinceCreated() != null) {
      ObjectNode cond = NODES.objectNode();
      cond.set("maximum_days_since_created", assign(NODES.numberNode(c.maximumDaysSinceCreated())));
      node.set("creation_date_condition", cond);
    }
    if (c.maximumDaysSinceDeprecated() != null) {
      ObjectNode cond = NODES.objectNode();
      cond.set("maximum_days_since_deprecated", assign(NODES.numberNode(c.maximumDaysSinceDeprecated())));
      node.set("deprecation_time_condition", cond);
    }
    return node;
  }

  private static ArrayNode array(Set<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static ObjectNode assign(com.fasterxml.jackson.databind.JsonNode value) {
    ObjectNode o = NODES.objectNode();
    o.set("@@assign", value);
    return o;
  }
}
