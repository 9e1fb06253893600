package dev.compliantami.testing;

import dev.compliantami.local.LocalInvoker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naive baseline of the cold-start benchmark: before the handler is even constructed, build every
 * synchronous AWS SDK service client the function's jar carries, eagerly and with the SDK's default settings
 * ({@code XxxClient.builder().build()}: service-loaded HTTP client, default credentials chain and region, one
 * HTTP client per service client) — what a handler written without {@code AwsClients}/{@code Lazy} does in its
 * constructor. Then the same handler runs through the local invoker.
 *
 * <p>{@code NaiveInvoker <function.jar> <handler-class> <event.json>}
 */
public final class NaiveInvoker {
  private static final Pattern SERVICE_CLIENT = Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/([A-Za-z0-9]+)Client\\.class");

  private NaiveInvoker() {}

  public static void main(String[] args) throws Exception {
    List<Object> built = new ArrayList<>();
    try (JarFile jar = new JarFile(Path.of(args[0]).toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        Matcher m = SERVICE_CLIENT.matcher(entries.nextElement().getName());
        if (m.matches() && !m.group(2).endsWith("Async") && !m.group(2).startsWith("Default")) {
          Class<?> type = Class.forName("software.amazon.awssdk.services." + m.group(1) + "." + m.group(2) + "Client");
          if (type.isInterface()) {
            Method builder = type.getMethod("builder");
            if (Modifier.isStatic(builder.getModifiers())) {
              Object b = builder.invoke(null);
              built.add(b.getClass().getMethod("build").invoke(b));
            }
          }
        }
      }
    }
    System.err.println("naive variant: built " + built.size() + " SDK clients eagerly with default settings");
    LocalInvoker.main(new String[] {args[1], args[2]});
  }

  /** Where this class was loaded from (added to the function jar's classpath by the benchmark). */
  static URL location() {
    return NaiveInvoker.class.getProtectionDomain().getCodeSource().getLocation();
  }
}
