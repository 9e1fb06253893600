package dev.compliantami.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile inputs for a handler's property test (issue 10 §3): a real sample event of the function with one to
 * three mutations at random places — a field removed, or replaced by a wrong type, unicode and control
 * characters, a 256 KB string, deep nesting — or with a foreign detail-type, source, account or region. JSON
 * held in a string (an SQS body, an SNS message) is mutated inside as well. Deterministic per seed, so jqwik's
 * report of a failing sample reproduces it.
 */
public final class HostileEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KB_256 = 256 * 1024;

  private HostileEvents() {}

  /** Mutations of the function's own sample events ({@code events/<function>/*.json}). */
  public static Arbitrary<Map<String, Object>> of(String function) {
    List<Map<String, Object>> seeds = samples(function);
    return Arbitraries.longs().map(seed -> mutate(seeds, new Random(seed)));
  }

  static Map<String, Object> mutate(List<Map<String, Object>> seeds, Random random) {
    Map<String, Object> event = deepCopy(seeds.get(random.nextInt(seeds.size())));
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      if (random.nextInt(5) == 0) {
        foreignEnvelope(event, random);
      } else {
        mutateSomewhere(event, random);
      }
    }
    return event;
  }

  private static void foreignEnvelope(Map<String, Object> event, Random random) {
    switch (random.nextInt(4)) {
      case 0 -> event.put("detail-type", pick(random, "Totally Unknown Event", "EC2 Spot Instance Interruption Warning", "", "\u0000"));
      case 1 -> event.put("source", pick(random, "evil.corp", "aws.s3", "compliant-ami.fake", "aws.ec2 "));
      case 2 -> event.put("account", pick(random, "999999999999", "000000000000", "12345", "１２３４５６７８９０１２"));
      default -> event.put("region", pick(random, "xx-fake-1", "us-east-1\n", "", "ap-southeast-99"));
    }
  }

  /** Picks a random node (a map entry or list element, at any depth; every container here is mutable) and mutates it. */
  @SuppressWarnings("unchecked")
  private static void mutateSomewhere(Map<String, Object> event, Random random) {
    List<Slot> slots = new ArrayList<>();
    collect(event, slots);
    if (slots.isEmpty()) {
      event.put("unexpected", hostileValue(random));
      return;
    }
    Slot slot = slots.get(random.nextInt(slots.size()));
    if (slot.container() instanceof Map<?, ?> m) {
      Map<String, Object> map = (Map<String, Object>) m;
      String key = (String) slot.key();
      if (map.get(key) instanceof String s && looksLikeJson(s) && random.nextBoolean()) {
        map.put(key, mutatedJsonString(s, random));
      } else if (random.nextInt(4) == 0) {
        map.remove(key);
      } else {
        map.put(key, hostileValue(random));
      }
    } else {
      List<Object> list = (List<Object>) slot.container();
      int index = (Integer) slot.key();
      if (random.nextInt(4) == 0) {
        list.remove(index);
      } else {
        list.set(index, hostileValue(random));
      }
    }
  }

  private static String mutatedJsonString(String json, Random random) {
    try {
      Object inner = JSON.readValue(json, Object.class);
      if (inner instanceof Map<?, ?>) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) inner;
        mutateSomewhere(map, random);
        return JSON.writeValueAsString(map);
      }
      return json.substring(0, json.length() / 2); // truncated JSON
    } catch (IOException e) {
      return json;
    }
  }

  static Object hostileValue(Random random) {
    return switch (random.nextInt(13)) {
      case 0 -> null;
      case 1 -> random.nextInt();
      case 2 -> Long.MIN_VALUE;
      case 3 -> random.nextDouble() * 1e300;
      case 4 -> random.nextBoolean();
      case 5 -> "";
      case 6 -> new ArrayList<>(List.of("a", 1, new LinkedHashMap<>()));
      case 7 -> new LinkedHashMap<>(Map.of("nested", new LinkedHashMap<>(Map.of("x", new ArrayList<>()))));
      case 8 -> "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202eevil\u202c ﷽ Ω≈ç√ 日本語 🙂";
      case 9 -> "\u0000\u0001\u0007\b\f\n\r\t\u001b[31m\u007f";
      case 10 -> "x".repeat(KB_256);
      case 11 -> deepNesting(random.nextBoolean() ? 64 : 600);
      default -> "2026-02-30T25:61:61Z";
    };
  }

  private static Object deepNesting(int depth) {
    Object value = "bottom";
    for (int i = 0; i < depth; i++) {
      value = i % 2 == 0 ? new LinkedHashMap<>(Map.of("d", value)) : new ArrayList<>(List.of(value));
    }
    return value;
  }

  private record Slot(Object container, Object key) {}

  private static void collect(Object node, List<Slot> slots) {
    if (node instanceof Map<?, ?> map) {
      for (Object key : new ArrayList<>(map.keySet())) {
        slots.add(new Slot(map, key));
        collect(map.get(key), slots);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        slots.add(new Slot(list, i));
        collect(list.get(i), slots);
      }
    }
  }

  private static boolean looksLikeJson(String s) {
    String t = s.strip();
    return t.startsWith("{") && t.endsWith("}");
  }

  private static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static Map<String, Object> deepCopy(Map<String, Object> event) {
    return JSON.convertValue(event, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  static List<Map<String, Object>> samples(String function) {
    try (Stream<Path> files = LambdaRuntime.samples(function)) {
      List<Map<String, Object>> seeds = new ArrayList<>();
      for (Path f : files.toList()) {
        seeds.add(JSON.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {}));
      }
      return seeds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
