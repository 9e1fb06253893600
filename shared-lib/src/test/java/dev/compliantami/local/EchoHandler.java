package dev.compliantami.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A handler for {@link LocalInvokerTest}: echoes the job and what the context says. */
public final class EchoHandler implements RequestHandler<Map<String, Object>, EchoHandler.Echo> {
  public record Echo(Object job, String functionName, boolean hasTimeLeft) {}

  @Override
  public Echo handleRequest(Map<String, Object> input, Context context) {
    if (input.containsKey("fail")) {
      throw new IllegalStateException("asked to fail");
    }
    return new Echo(input.get("job"), context.getFunctionName(), context.getRemainingTimeInMillis() > 0);
  }
}
