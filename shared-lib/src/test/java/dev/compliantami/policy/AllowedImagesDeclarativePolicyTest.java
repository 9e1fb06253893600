package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.events.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedImagesDeclarativePolicyTest {

  @Test
  void goldenMinimalAuditMode() {
    assertThat(AllowedImagesDeclarativePolicy.json(AllowedImagesDesired.defaults("111122223333"))).isEqualTo("""
        {
          "ec2_attributes" : {
            "allowed_images_settings" : {
              "state" : {
                "@@assign" : "audit_mode"
              },
              "image_criteria" : {
                "criteria_1" : {
                  "allowed_image_providers" : {
                    "@@assign" : [ "111122223333", "amazon" ]
                  }
                }
              }
            }
          }
        }""");
  }

  @Test
  void goldenFullEnabled() {
    AllowedImagesDesired d = new AllowedImagesDesired(true, "111122223333", Set.of("444455556666"),
        Set.of("al2023-*", "RHEL-9.?*"), Set.of("abc123"), 90, 0, "enabled");
    assertThat(AllowedImagesDeclarativePolicy.json(d)).isEqualTo("""
        {
          "ec2_attributes" : {
            "allowed_images_settings" : {
              "state" : {
                "@@assign" : "enabled"
              },
              "image_criteria" : {
                "criteria_1" : {
                  "allowed_image_providers" : {
                    "@@assign" : [ "111122223333", "444455556666", "amazon" ]
                  },
                  "image_names" : {
                    "@@assign" : [ "RHEL-9.?*", "al2023-*" ]
                  },
                  "creation_date_condition" : {
                    "maximum_days_since_created" : {
                      "@@assign" : 90
                    }
                  },
                  "deprecation_time_condition" : {
                    "maximum_days_since_deprecated" : {
                      "@@assign" : 0
                    }
                  }
                },
                "criteria_2" : {
                  "allowed_image_providers" : {
                    "@@assign" : [ "aws-marketplace" ]
                  },
                  "marketplace_product_codes" : {
                    "@@assign" : [ "abc123" ]
                  },
                  "creation_date_condition" : {
                    "maximum_days_since_created" : {
                      "@@assign" : 90
                    }
                  },
                  "deprecation_time_condition" : {
                    "maximum_days_since_deprecated" : {
                      "@@assign" : 0
                    }
                  }
                }
              }
            }
          }
        }""");
  }

  @Test
  void outputDoesNotDependOnInputOrder() {
    AllowedImagesDesired a = new AllowedImagesDesired(true, "111122223333", new java.util.LinkedHashSet<>(List.of("900000000000", "444455556666")),
        new java.util.LinkedHashSet<>(List.of("x*", "a*")), Set.of(), null, null, "audit-mode");
    AllowedImagesDesired b = new AllowedImagesDesired(true, "111122223333", new java.util.LinkedHashSet<>(List.of("444455556666", "900000000000", "444455556666")),
        new java.util.LinkedHashSet<>(List.of("a*", "x*")), Set.of(), null, null, "audit-mode");
    assertThat(AllowedImagesDeclarativePolicy.json(a)).isEqualTo(AllowedImagesDeclarativePolicy.json(b));
  }

  @Test
  void parsesAsJsonWithTheDocumentedShape() throws Exception {
    AllowedImagesDesired d = new AllowedImagesDesired(false, "111122223333", Set.of(), Set.of(), Set.of("p1", "p2"), null, 7, "enabled");
    JsonNode root = Json.MAPPER.readTree(AllowedImagesDeclarativePolicy.json(d));
    JsonNode settings = root.path("ec2_attributes").path("allowed_images_settings");
    assertThat(settings.path("state").path("@@assign").asText()).isEqualTo("enabled");
    JsonNode c1 = settings.path("image_criteria").path("criteria_1");
    assertThat(c1.path("allowed_image_providers").path("@@assign").toString()).isEqualTo("[\"111122223333\"]");
    assertThat(c1.has("image_names")).isFalse();
    assertThat(c1.has("creation_date_condition")).isFalse();
    assertThat(c1.path("deprecation_time_condition").path("maximum_days_since_deprecated").path("@@assign").asInt()).isEqualTo(7);
    JsonNode c2 = settings.path("image_criteria").path("criteria_2");
    assertThat(c2.path("marketplace_product_codes").path("@@assign").toString()).isEqualTo("[\"p1\",\"p2\"]");
    assertThat(settings.path("image_criteria").size()).isEqualTo(2);
  }

  @Test
  void anyCriteriaListCanBeWrittenButOnlyAnEnforcingState() {
    String json = AllowedImagesDeclarativePolicy.json("audit-mode", List.of(AllowedImagesCriterion.providers("aws-backup-vault")));
    assertThat(json).contains("\"aws-backup-vault\"").contains("\"audit_mode\"");
    assertThatThrownBy(() -> AllowedImagesDeclarativePolicy.json("disabled", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disabled");
  }
}
