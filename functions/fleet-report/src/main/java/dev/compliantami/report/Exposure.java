package dev.compliantami.report;

import java.util.List;

/** Pure: does a security group rule make its instances look like a bastion/jump host. */
final class Exposure {
  static final List<Integer> ADMIN_PORTS = List.of(22, 3389);

  private Exposure() {}

  /** One inbound rule: protocol {@code tcp}, {@code -1} (all), …; ports null when the protocol has none. */
  record Rule(String protocol, Integer fromPort, Integer toPort, List<String> ipv4Ranges, List<String> ipv6Ranges) {}

  /** SSH or RDP (TCP 22/3389, or all traffic) open to 0.0.0.0/0 or ::/0. */
  static boolean adminPortOpenToWorld(Rule r) {
    boolean world = r.ipv4Ranges().contains("0.0.0.0/0") || r.ipv6Ranges().contains("::/0");
    if (!world) {
      return false;
    }
    if ("-1".equals(r.protocol()) || "all".equalsIgnoreCase(r.protocol())) {
      return true;
    }
    if (!"tcp".equalsIgnoreCase(r.protocol()) && !"6".equals(r.protocol())) {
      return false;
    }
    int from = r.fromPort() == null || r.fromPort() < 0 ? 0 : r.fromPort();
    int to = r.toPort() == null || r.toPort() < 0 ? 65535 : r.toPort();
    return ADMIN_PORTS.stream().anyMatch(p -> p >= from && p <= to);
  }
}
