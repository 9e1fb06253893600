package dev.compliantami.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A Lambda-like {@link Context} for running handlers outside Lambda. */
public final class LocalContext implements Context {
  private final String functionName;
  private final String requestId = UUID.randomUUID().toString();
  private final long deadline;
  private final int memoryMb;

  public LocalContext(String functionName, int timeoutSeconds, int memoryMb) {
    this.functionName = functionName;
    this.deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    this.memoryMb = memoryMb;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local/" + requestId;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    return "arn:aws:lambda:" + region + ":000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadline - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.err.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.err.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
