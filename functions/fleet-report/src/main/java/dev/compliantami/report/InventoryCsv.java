package dev.compliantami.report;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

/** {@code inventory.csv}: one row per instance, RFC 4180 (CRLF, quoted where needed), UTF-8. */
final class InventoryCsv {
  static final List<String> HEADER = List.of("accountId", "region", "instanceId", "name", "state", "autoScalingGroup",
      "launchTime", "firstLaunch", "ageBasis", "ageDays", "daysUntilMaxAge", "imageId", "imageName", "imageOwnerId",
      "imageOwnerAlias", "imageProvider", "imageCreationDate", "imageAgeDays", "imageDeprecationTime", "publication",
      "platformDetails", "osDistribution", "osVersion", "instanceType", "verdict", "reasons", "exemption", "exemptUntil",
      "exemptReason", "ssmManaged", "likelyBastion");

  private InventoryCsv() {}

  static void header(Writer out) throws IOException {
    line(out, HEADER.toArray(String[]::new));
  }

  static void row(Writer out, JudgedRow j) throws IOException {
    InstanceRow r = j.row();
    ImageInfo i = r.image();
    line(out, r.accountId(), r.region(), r.instanceId(), text(r.name()), r.state(), text(r.autoScalingGroup()),
        iso(r.launchTime()), iso(r.firstLaunch()), r.ageBasis(), Long.toString(j.ageDays()), Long.toString(j.daysUntilMaxAge()),
        i.imageId(), text(i.name()), i.ownerId(), i.ownerAlias(), j.provider().code(), iso(i.creationDate()),
        j.imageAgeDays() == null ? "" : j.imageAgeDays().toString(), iso(i.deprecationTime()), j.publication().name(),
        r.platformDetails() != null ? r.platformDetails() : i.platformDetails(), j.os().distribution(), j.os().version(),
        r.instanceType(), j.verdict().outcome().name(), String.join(" ", j.verdict().codes()), j.exemptionStatus(),
        text(r.exemptUntil()), text(r.exemptReason()), Boolean.toString(r.ssmManaged()), Boolean.toString(r.bastion()));
  }

  private static void line(Writer out, String... cells) throws IOException {
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        out.write(',');
      }
      out.write(escape(cells[c]));
    }
    out.write("\r\n");
  }

  /** Quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
  static String escape(String cell) {
    if (cell == null) {
      return "";
    }
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }

  /**
   * Free text from tags: a leading {@code = + - @} would make a spreadsheet evaluate the cell as a formula, so such
   * values get a leading apostrophe (OWASP CSV injection guidance).
   */
  static String text(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    char first = value.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + value : value;
  }

  private static String iso(Instant t) {
    return t == null ? "" : t.toString();
  }
}
