package dev.compliantami.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stands in for every AWS endpoint of this JVM (generic and Image Builder) and answers nothing: tests
 * that must prove code made no AWS call at all read {@link #requests()}. As a JUnit extension
 * ({@code @RegisterExtension static final AwsCallRecorder aws = new AwsCallRecorder();}) it stops after the class.
 */
public final class AwsCallRecorder implements AutoCloseable, AfterAllCallback {
  private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  public AwsCallRecorder() {
    server.start();
    System.setProperty("aws.endpointUrl", server.baseUrl());
    System.setProperty("aws.endpointUrlImagebuilder", server.baseUrl());
  }

  public List<ServeEvent> requests() {
    return server.getAllServeEvents();
  }

  public void clear() {
    server.resetRequests();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    server.stop();
  }
}
