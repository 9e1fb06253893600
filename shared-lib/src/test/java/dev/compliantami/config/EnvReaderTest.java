package dev.compliantami.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReaderTest {
  private static final Map<String, String> VALID =
      Map.of(
          "NOTIFY_TOPIC_ARN", "arn:aws:sns:us-east-1:111122223333:security",
          "AWS_REGION", "us-east-1",
          "POWERTOOLS_SERVICE_NAME", "pipeline-starter");

  @Test
  void modeDefaultsToDryRun() {
    CommonSettings s = CommonSettings.from(new EnvReader(VALID));
    assertThat(s.mode()).isEqualTo(Mode.DRY_RUN);
    assertThat(s.dryRun()).isTrue();
    assertThat(s.eventBusName()).isEqualTo("compliant-ami");
  }

  @Test
  void enforceMustBeSpelledExactly() {
    assertThat(new EnvReader(Map.of("MODE", "enforce")).mode()).isEqualTo(Mode.ENFORCE);
    assertThatThrownBy(() -> new EnvReader(Map.of("MODE", "ENFORCE")).mode())
        .isInstanceOf(ConfigException.class)
        .hasMessage("MODE is 'ENFORCE'; expected 'dry-run' or 'enforce'");
  }

  @Test
  void missingTopicNamesTheVariableAndTheForm() {
    assertThatThrownBy(() -> CommonSettings.from(new EnvReader(Map.of("AWS_REGION", "us-east-1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NOTIFY_TOPIC_ARN is not set; expected an ARN of the form arn:aws:sns:")
        .extracting(e -> ((ConfigException) e).variable())
        .isEqualTo("NOTIFY_TOPIC_ARN");
  }

  @Test
  void arnOfAnotherServiceIsRejected() {
    EnvReader env = new EnvReader(Map.of("NOTIFY_TOPIC_ARN", "arn:aws:sqs:us-east-1:111122223333:q"));
    assertThatThrownBy(() -> env.arn("NOTIFY_TOPIC_ARN", "sns")).hasMessageContaining("arn:aws:sns:");
  }

  @Test
  void integerOutOfRangeOrNotANumber() {
    assertThat(new EnvReader(Map.of()).intInRange("MAX", 20, 1, 100)).isEqualTo(20);
    assertThat(new EnvReader(Map.of("MAX", "7")).intInRange("MAX", 20, 1, 100)).isEqualTo(7);
    assertThatThrownBy(() -> new EnvReader(Map.of("MAX", "0")).intInRange("MAX", 20, 1, 100))
        .hasMessage("MAX is '0'; expected a whole number from 1 to 100");
    assertThatThrownBy(() -> new EnvReader(Map.of("MAX", "ten")).intInRange("MAX", 20, 1, 100))
        .hasMessage("MAX is 'ten'; expected a whole number from 1 to 100");
  }

  @Test
  void listsAreTrimmedAndEachElementChecked() {
    EnvReader env = new EnvReader(Map.of("IDS", " 111122223333, 444455556666 ,"));
    assertThat(env.list("IDS", s -> s.matches("\\d{12}"), "account ids")).containsExactly("111122223333", "444455556666");
    EnvReader bad = new EnvReader(Map.of("IDS", "111122223333,abc"));
    assertThatThrownBy(() -> bad.list("IDS", s -> s.matches("\\d{12}"), "12-digit account ids"))
        .hasMessageContaining("IDS is '111122223333,abc'; expected a comma-separated list of 12-digit account ids");
  }

  @Test
  void badRegionAndBusName() {
    assertThatThrownBy(() -> new EnvReader(Map.of("AWS_REGION", "mars")).region("AWS_REGION"))
        .hasMessageContaining("AWS_REGION is 'mars'");
    assertThatThrownBy(() -> new EnvReader(Map.of("EVENT_BUS_NAME", "bad bus")).eventBusName("EVENT_BUS_NAME"))
        .hasMessageContaining("EVENT_BUS_NAME is 'bad bus'");
  }
}
