package dev.compliantami.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTokensTest {
  private static final String P1 = "arn:aws:imagebuilder:us-east-1:111122223333:image-pipeline/al2023-stig-high";
  private static final String P2 = "arn:aws:imagebuilder:us-east-1:111122223333:image-pipeline/al2023-stig-medium";

  @Test
  void sameTriggerAndPipelineGiveTheSameTokenOfAtMost64Chars() {
    String token = ClientTokens.of("evt-1", P1);
    assertThat(token).isEqualTo(ClientTokens.of("evt-1", P1)).hasSize(64).matches("[0-9a-f]{64}");
  }

  @Test
  void anotherPipelineOrAnotherTriggerGivesAnotherToken() {
    assertThat(ClientTokens.of("evt-1", P1)).isNotEqualTo(ClientTokens.of("evt-1", P2));
    assertThat(ClientTokens.of("evt-1", P1)).isNotEqualTo(ClientTokens.of("evt-2", P1));
    // no ambiguity from concatenation
    assertThat(ClientTokens.of("a", "bc")).isNotEqualTo(ClientTokens.of("ab", "c"));
  }
}
