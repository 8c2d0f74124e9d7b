package dev.chaoskv.chaos.results.html;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The checker's findings from verdict.json: lost writes, divergence per node, each linearizability violation laid out in time. */
final class CheckerSection {
    static final int MAX_LOST_WRITES = 50;

    private CheckerSection() {
    }

    static void render(StringBuilder b, JsonNode verdict) {
        b.append("<h2>Checker</h2>\n");
        if (verdict == null) {
            b.append("<p class=\"missing\">No verdict: verdict.json is missing or unreadable (re-check with <code>bin/chaos check &lt;run-dir&gt;</code>).</p>\n");
            return;
        }
        for (JsonNode w : verdict.path("warnings")) b.append("<p class=\"unknown sentence\">Warning: ").append(Html.esc(w.asText())).append("</p>\n");
        b.append("<table><tr><th>check</th><th>result</th><th>note</th></tr>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = verdict.path("checks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue().path("valid");
            String word = v.isBoolean() ? (v.asBoolean() ? "valid" : "invalid") : v.asText();
            b.append("<tr><td>").append(Html.esc(e.getKey())).append("</td><td>").append(Html.verdictSpan(word)).append("</td><td class=\"sentence\">")
                    .append(Html.esc(e.getValue().path("note").asText(""))).append("</td></tr>\n");
        }
        b.append("</table>\n");
        durability(b, verdict.path("checks").path("durability"));
        convergence(b, verdict.path("checks").path("convergence"));
        linearizability(b, verdict.path("checks").path("linearizability"));
    }

    private static void durability(StringBuilder b, JsonNode d) {
        long lost = d.path("lostWrites").asLong();
        long failedVisible = d.path("failedWritesVisible").asLong(), never = d.path("neverWritten").asLong();
        if (d.path("findings").isEmpty()) return;
        b.append(String.format(Locale.ROOT, "<h3>Durability: %,d lost write(s), %,d failed write(s) visible, %,d value(s) never written</h3>\n",
                lost, failedVisible, never));
        int shown = 0;
        b.append("<ol>\n");
        for (JsonNode f : d.path("findings")) {
            if (shown++ >= MAX_LOST_WRITES) break;
            b.append("<li class=\"sentence\"><b>").append(Html.esc(f.path("kind").asText())).append("</b> ").append(Html.esc(f.path("key").asText()))
                    .append(": ").append(Html.esc(f.path("explanation").asText())).append("</li>\n");
        }
        b.append("</ol>\n");
        long total = lost + failedVisible + never;
        if (total > shown) b.append(String.format(Locale.ROOT, "<p class=\"note\">The first %d of %,d findings are shown (verdict.json keeps up to 100).</p>\n",
                Math.min(shown, MAX_LOST_WRITES), total));
    }

    private static void convergence(StringBuilder b, JsonNode c) {
        if (c.path("mismatches").isEmpty()) return;
        b.append("<h3>Divergence per node (leader ").append(Html.esc(c.path("leader").asText("none"))).append(")</h3>\n");
        for (JsonNode m : c.path("mismatches")) {
            b.append("<p class=\"sentence\"><b>").append(Html.esc(m.path("node").asText())).append("</b>: ").append(Html.esc(m.path("explanation").asText()))
                    .append("</p>\n");
            if (m.path("differingKeys").isEmpty()) continue;
            b.append(String.format(Locale.ROOT, "<table><tr><th>key (%,d differ)</th><th>leader</th><th>%s</th></tr>\n", m.path("differingKeyCount").asLong(),
                    Html.esc(m.path("node").asText())));
            for (JsonNode k : m.path("differingKeys")) {
                b.append("<tr><td>").append(Html.esc(k.path("key").asText())).append("</td><td>").append(Html.esc(k.path("leader").asText("absent")))
                        .append("</td><td>").append(Html.esc(k.path("node").asText("absent"))).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
    }

    private static void linearizability(StringBuilder b, JsonNode l) {
        int i = 0;
        for (JsonNode v : l.path("violations")) {
            b.append("<h3>Linearizability violation on ").append(Html.esc(v.path("key").asText())).append(" (").append(Html.esc(v.path("kind").asText()))
                    .append(")</h3>\n").append(CounterexampleChart.render("counterexample-" + i++, v));
        }
        if (l.path("unknownKeys").isEmpty()) return;
        b.append("<h3>Keys the linearizability check could not decide</h3>\n<ul>\n");
        for (JsonNode u : l.path("unknownKeys")) {
            b.append("<li class=\"sentence\">").append(Html.esc(u.path("key").asText())).append(String.format(Locale.ROOT, " (%,d operations): ",
                    u.path("operations").asLong())).append(Html.esc(u.path("reason").asText())).append("</li>\n");
        }
        b.append("</ul>\n");
    }
}
