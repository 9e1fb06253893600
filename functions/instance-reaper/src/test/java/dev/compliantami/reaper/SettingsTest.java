package dev.compliantami.reaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compliantami.config.ConfigException;
import dev.compliantami.config.EnvReader;
import dev.compliantami.policy.ReplacementPlan.StandaloneAction;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  static Map<String, String> base() {
    return new HashMap<>(Map.of("AWS_REGION", "us-east-1", "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t",
        "POWERTOOLS_SERVICE_NAME", "instance-reaper"));
  }

  @Test
  void defaultsAreTheSafeOnes() {
    ReaperSettings s = ReaperSettings.from(new EnvReader(base()));
    assertThat(s.common().dryRun()).isTrue();
    assertThat(s.maxAgeDays()).isEqualTo(30);
    assertThat(s.limits().standaloneAction()).isEqualTo(StandaloneAction.NOTIFY);
    assertThat(s.limits().maxReplacementsPerGroup()).isEqualTo(1);
    assertThat(s.limits().refreshThresholdPercent()).isZero();
    assertThat(s.warnDaysBefore()).isEqualTo(5);
  }

  @Test
  void badValuesNameTheVariable() {
    Map<String, String> env = base();
    env.put("STANDALONE_ACTION", "delete");
    assertThatThrownBy(() -> ReaperSettings.from(new EnvReader(env))).isInstanceOf(ConfigException.class).hasMessageContaining("STANDALONE_ACTION");
    Map<String, String> env2 = base();
    env2.put("MAX_TERMINATION_PERCENT_PER_ACCOUNT", "0");
    assertThatThrownBy(() -> ReaperSettings.from(new EnvReader(env2))).hasMessageContaining("MAX_TERMINATION_PERCENT_PER_ACCOUNT");
    Map<String, String> env3 = base();
    env3.put("MAX_INSTANCE_AGE_DAYS", "thirty");
    assertThatThrownBy(() -> ReaperSettings.from(new EnvReader(env3))).hasMessageContaining("MAX_INSTANCE_AGE_DAYS");
  }
}
