package dev.compliantami.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compliantami.events.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInvokerTest {
  @TempDir Path dir;

  @Test
  void runsTheHandlerOnTheEventFileAndReportsResultAndTimes() throws Exception {
    Path event = Files.writeString(dir.resolve("e.json"), "{\"job\":\"pipeline-refresh\"}");
    Map<String, Object> report = LocalInvoker.invoke(EchoHandler.class.getName(), event);

    JsonNode result = Json.MAPPER.valueToTree(report.get("result"));
    assertThat(result.get("job").asText()).isEqualTo("pipeline-refresh");
    assertThat(result.get("functionName").asText()).isNotBlank();
    assertThat(result.get("hasTimeLeft").asBoolean()).isTrue();
    assertThat(report).containsKeys("initMs", "invokeMs").doesNotContainKey("error");
  }

  @Test
  void handlerErrorsAreReportedWithTypeAndMessage() throws Exception {
    Path event = Files.writeString(dir.resolve("e.json"), "{\"fail\":true}");
    Map<String, Object> report = LocalInvoker.invoke(EchoHandler.class.getName(), event);
    assertThat(report).doesNotContainKey("result");
    assertThat(report.get("error")).isEqualTo(Map.of("phase", "invoke", "errorType", "java.lang.IllegalStateException", "errorMessage", "asked to fail"));
  }

  @Test
  void inputTypeIsTheRequestHandlersFirstTypeArgument() {
    assertThat(LocalInvoker.inputType(EchoHandler.class).getTypeName()).isEqualTo("java.util.Map<java.lang.String, java.lang.Object>");
  }
}
