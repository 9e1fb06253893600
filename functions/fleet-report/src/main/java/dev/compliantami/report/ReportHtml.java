package dev.compliantami.report;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code report.html}: one self-contained page for people (no script, no external stylesheet, font or image; the
 * charts are inline SVG). The markup is well-formed XHTML so any XML parser can check it.
 */
final class ReportHtml {
  /** Long lists are cut in the page; inventory.csv and report.json have them all. */
  static final int MAX_TABLE_ROWS = 100;
  private static final String[] PALETTE = {"#1b6ca8", "#2e9e5b", "#e0a526", "#c4452f", "#7b4fa0", "#6b7b8c", "#3aa6a0", "#a0522d"};

  private ReportHtml() {}

  /** @param locations where the three files are, for the footer */
  static String render(FleetReport r, List<String> locations) {
    StringBuilder b = new StringBuilder(64 * 1024);
    FleetReport.Totals t = r.totals();
    b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<title>Fleet compliance report ").append(esc(r.reportDate().toString())).append(" (").append(esc(r.period())).append(")</title>")
        .append("<style>").append(CSS).append("</style></head><body>");
    b.append("<header><h1>EC2 fleet compliance report</h1><p>").append(esc(r.period())).append(" report for ")
        .append(esc(r.reportDate().toString())).append(" · generated ").append(esc(r.generatedAt().toString()))
        .append(" · boundary: ").append(r.boundary().accountIds().size()).append(" account(s) × ")
        .append(esc(String.join(", ", r.boundary().regions()))).append("</p></header>");

    b.append("<section class=\"tiles\">");
    tile(b, "Compliant", t.compliantPercent() == null ? "n/a" : fmt(t.compliantPercent()) + " %",
        t.compliant() + " of " + t.instances() + " instances on approved AMIs", t.compliantPercent() != null && t.compliantPercent() < 90 ? "bad" : "good");
    tile(b, "Violations", Long.toString(t.violations()), "not approved and not exempt", t.violations() > 0 ? "bad" : "good");
    tile(b, "Exempt", Long.toString(t.exempt()), t.validExemptions() + " valid, " + t.brokenExemptions() + " broken exemption tag(s)", "neutral");
    tile(b, "Over max age", Long.toString(t.overMaxAge()), "older than " + r.policy().maxInstanceAgeDays() + " days; " + t.nearMaxAge() + " more within " + r.policy().warnDaysBefore() + " days", t.overMaxAge() > 0 ? "bad" : "good");
    tile(b, "Not in Systems Manager", Long.toString(t.notSsmManaged()), "no SSM agent registration", t.notSsmManaged() > 0 ? "warn" : "good");
    tile(b, "Likely bastions", Long.toString(t.likelyBastions()), "SSH/RDP open to the internet", t.likelyBastions() > 0 ? "warn" : "good");
    tile(b, "Unreadable", t.unreadableTargets() + " / " + t.targets(), "account/region pairs that could not be read", t.unreadableTargets() > 0 ? "bad" : "good");
    tile(b, "Distinct images", Long.toString(t.distinctImages()), "image ids in use (per region)", "neutral");
    b.append("</section>");

    b.append("<section><h2>Compliance by account</h2>");
    if (!r.worstAccounts().isEmpty()) {
      b.append("<p>Lowest compliance: <strong>").append(esc(String.join(", ", r.worstAccounts()))).append("</strong></p>");
    }
    table(b, List.of("Account", "Instances", "Compliant", "Exempt", "Violations", "Compliant %"), r.accounts(), a -> List.of(
        a.accountId(), Long.toString(a.instances()), Long.toString(a.compliant()), Long.toString(a.exempt()), Long.toString(a.violations()),
        a.compliantPercent() == null ? "n/a" : fmt(a.compliantPercent()) + " %"), r.accounts().size());
    b.append("</section>");

    b.append("<section class=\"charts\"><div><h2>Image providers</h2><p class=\"note\">How much the fleet relies on images not built by the factory.</p>");
    bars(b, r.providers());
    b.append("</div><div><h2>Operating systems</h2><p class=\"note\">").append(r.operatingSystems().size()).append(" distribution/version(s) in use.</p>");
    bars(b, r.operatingSystems());
    b.append("</div><div><h2>Instance age (days since first launch)</h2>");
    columns(b, r.instanceAgeDays());
    b.append("</div><div><h2>Image age (days since creation)</h2>");
    columns(b, r.imageAgeDays());
    b.append("</div></section>");

    b.append("<section><h2>Why instances are not compliant</h2>");
    table(b, List.of("Reason", "Instances", "% of fleet"), r.reasons(), s -> List.of(s.key(), Long.toString(s.instances()), fmt(s.percent()) + " %"), r.reasons().size());
    b.append("</section>");

    instances(b, "Instances past the maximum age (" + r.policy().maxInstanceAgeDays() + " days)", r.overMaxAge());
    instances(b, "Instances reaching the maximum age within " + r.policy().warnDaysBefore() + " days", r.nearMaxAge());

    b.append("<section><h2>Exemptions</h2>");
    table(b, List.of("Account", "Region", "Instance", "Name", "Status", "Until", "Reason", "Verdict"), r.exemptions(), e -> List.of(
        e.accountId(), e.region(), e.instanceId(), nz(e.name()), e.status(), nz(e.until()), nz(e.reason()), e.verdict()), r.exemptions().size());
    b.append("</section>");

    b.append("<section><h2>Likely bastion / jump hosts</h2><p class=\"note\">Security groups admit SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0. ")
        .append("Replace them with Session Manager or EC2 Instance Connect.</p>");
    refs(b, r.likelyBastions());
    b.append("</section>");
    b.append("<section><h2>Instances not managed by Systems Manager</h2><p class=\"note\">No patching, inventory or Session Manager access for these.</p>");
    refs(b, r.notSsmManaged());
    b.append("</section>");

    b.append("<section><h2>Accounts and regions read</h2>");
    table(b, List.of("Account", "Region", "Status", "Instances", "Error"), r.targets(), s -> List.of(
        s.accountId(), s.region(), s.status(), Long.toString(s.instances()), nz(s.error())), r.targets().size());
    b.append("</section>");

    FleetReport.PolicyView p = r.policy();
    b.append("<footer><p>Approved: published AMIs of the factory account ").append(esc(p.factoryAccountId()));
    if (!p.approvedProviders().isEmpty()) {
      b.append(" and images of ").append(esc(String.join(", ", p.approvedProviders())));
    }
    b.append("; maximum image age ").append(p.maxImageAgeDays()).append(" days; deprecated images tolerated ")
        .append(p.deprecatedGraceDays()).append(" days; exemptions at most ").append(p.maxExemptionDays())
        .append(" days; maximum instance age ").append(p.maxInstanceAgeDays()).append(" days. Mode: ").append(esc(r.mode()))
        .append(". Schema version ").append(r.schemaVersion()).append(".</p><p>Files: ");
    b.append(esc(String.join(" · ", locations))).append("</p></footer></body></html>\n");
    return b.toString();
  }

  private static void instances(StringBuilder b, String title, List<FleetReport.InstanceRef> refs) {
    b.append("<section><h2>").append(esc(title)).append("</h2>");
    refs(b, refs);
    b.append("</section>");
  }

  private static void refs(StringBuilder b, List<FleetReport.InstanceRef> refs) {
    table(b, List.of("Account", "Region", "Instance", "Name", "Auto Scaling group", "Image", "Age (days)", "Days left"), refs,
        i -> List.of(i.accountId(), i.region(), i.instanceId(), nz(i.name()), nz(i.autoScalingGroup()), nz(i.imageId()),
            Long.toString(i.ageDays()), Long.toString(i.daysUntilMaxAge())), refs.size());
  }

  private static <T> void table(StringBuilder b, List<String> head, List<T> rows, Function<T, List<String>> cells, int total) {
    if (rows.isEmpty()) {
      b.append("<p class=\"none\">None.</p>");
      return;
    }
    b.append("<table><thead><tr>");
    head.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
    b.append("</tr></thead><tbody>");
    rows.stream().limit(MAX_TABLE_ROWS).forEach(row -> {
      b.append("<tr>");
      cells.apply(row).forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
      b.append("</tr>");
    });
    b.append("</tbody></table>");
    if (total > MAX_TABLE_ROWS) {
      b.append("<p class=\"note\">… and ").append(total - MAX_TABLE_ROWS).append(" more: see inventory.csv or report.json.</p>");
    }
  }

  private static void tile(StringBuilder b, String label, String value, String detail, String tone) {
    b.append("<div class=\"tile ").append(tone).append("\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
        .append(esc(value)).append("</div><div class=\"detail\">").append(esc(detail)).append("</div></div>");
  }

  /** Horizontal bars, one per share, labelled with count and percent. */
  static void bars(StringBuilder b, List<FleetReport.Share> shares) {
    int rowH = 26;
    int width = 560;
    int labelW = 200;
    long max = Math.max(1, shares.stream().mapToLong(FleetReport.Share::instances).max().orElse(1));
    int h = Math.max(rowH, shares.size() * rowH);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"").append(h)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(h).append("\">");
    for (int i = 0; i < shares.size(); i++) {
      FleetReport.Share s = shares.get(i);
      int y = i * rowH;
      long w = Math.round((width - labelW - 110) * (double) s.instances() / max);
      b.append("<text x=\"0\" y=\"").append(y + 17).append("\" class=\"l\">").append(esc(clip(s.key(), 30))).append("</text>")
          .append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 4).append("\" width=\"").append(w).append("\" height=\"18\" fill=\"")
          .append(PALETTE[i % PALETTE.length]).append("\"/>")
          .append("<text x=\"").append(labelW + w + 6).append("\" y=\"").append(y + 17).append("\" class=\"v\">").append(s.instances())
          .append(" (").append(fmt(s.percent())).append(" %)</text>");
    }
    b.append("</svg>");
  }

  /** Vertical columns for a histogram. */
  static void columns(StringBuilder b, List<FleetReport.Share> buckets) {
    int width = 560;
    int height = 200;
    int base = 170;
    int colW = width / Math.max(1, buckets.size());
    long max = Math.max(1, buckets.stream().mapToLong(FleetReport.Share::instances).max().orElse(1));
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
    for (int i = 0; i < buckets.size(); i++) {
      FleetReport.Share s = buckets.get(i);
      long h = Math.round(140.0 * s.instances() / max);
      int x = i * colW + 8;
      b.append("<rect x=\"").append(x).append("\" y=\"").append(base - h).append("\" width=\"").append(colW - 16).append("\" height=\"").append(h)
          .append("\" fill=\"").append(PALETTE[0]).append("\"/>")
          .append("<text x=\"").append(x + (colW - 16) / 2).append("\" y=\"").append(base - h - 4).append("\" class=\"v\" text-anchor=\"middle\">")
          .append(s.instances()).append("</text>")
          .append("<text x=\"").append(x + (colW - 16) / 2).append("\" y=\"").append(base + 18).append("\" class=\"l\" text-anchor=\"middle\">")
          .append(esc(s.key())).append("</text>");
    }
    b.append("<line x1=\"0\" y1=\"").append(base).append("\" x2=\"").append(width).append("\" y2=\"").append(base).append("\" stroke=\"#888\"/></svg>");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // XML 1.0 forbids most control characters even escaped: show them as a space.
          out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
        }
      }
    }
    return out.toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#1d2733;background:#fff;max-width:1220px}
      h1{margin:0 0 4px;font-size:26px}h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid #dde3ea;padding-bottom:4px}
      header p,.note{color:#56616d;margin:4px 0}
      .tiles{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
      .tile{flex:1 1 250px;border-radius:8px;padding:12px 14px;background:#f3f6f9;border-left:6px solid #6b7b8c}
      .tile.good{border-color:#2e9e5b}.tile.bad{border-color:#c4452f}.tile.warn{border-color:#e0a526}
      .label{font-size:13px;color:#56616d;text-transform:uppercase;letter-spacing:.04em}.value{font-size:30px;font-weight:600}.detail{font-size:13px;color:#56616d}
      table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e6ebf0}
      th{background:#f3f6f9}tr:nth-child(even) td{background:#fafbfc}
      .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:8px 24px}
      svg text{font-size:12px;fill:#1d2733}.none{color:#2e9e5b}
      footer{margin-top:32px;font-size:12px;color:#56616d;border-top:1px solid #dde3ea;padding-top:8px}
      """;
}
