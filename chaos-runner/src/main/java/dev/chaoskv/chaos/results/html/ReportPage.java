package dev.chaoskv.chaos.results.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.chaos.results.RunAnalysis;
import dev.chaoskv.chaos.results.RunFolder;
import dev.chaoskv.chaos.results.RunSummary;
import dev.chaoskv.chaos.results.data.PercentileCurve;
import dev.chaoskv.chaos.results.data.Ticks;
import dev.chaoskv.chaos.results.data.UnsafeFlags;
import dev.chaoskv.checker.convergence.TimeToConverge;
import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html of one run: header (verdict, unsafe flags, what is missing, parameters, the
 * command that repeats the run, key figures), the time series on one time axis, faults and
 * recovery, percentile distributions, the checker's findings and what happened to the nodes.
 * Complete without script; a small one adds a time readout and zoom.
 */
public final class ReportPage {
    private ReportPage() {
    }

    public static String render(RunAnalysis a, RunSummary s) {
        RunFolder f = a.folder();
        StringBuilder b = Html.open("chaos run " + f.name() + " (" + Html.esc(s.verdict()) + ")");
        b.append("<h1>chaos run ").append(Html.esc(f.name())).append("</h1>\n<p class=\"note\">").append(Html.esc(f.dir().getFileName().toString()))
                .append("</p>\n<p class=\"verdict\">Verdict: ").append(Html.verdictSpan(s.verdict())).append("</p>\n");
        checksLine(b, s);
        for (String u : unsafe(f.run())) b.append("<div class=\"banner\">Unsafe setting: ").append(Html.esc(u)).append("</div>\n");
        if (!f.problems().isEmpty()) {
            b.append("<div class=\"warn\"><b>This run folder is incomplete; the report shows what could be read.</b><ul>\n");
            for (String p : f.problems()) b.append("<li class=\"sentence\">").append(Html.esc(p)).append("</li>\n");
            b.append("</ul></div>\n");
        }
        parameters(b, f.run(), s);
        keyFigures(b, a, s);
        timeSeries(b, a);
        FaultSection.render(b, a);
        distributions(b, f);
        CheckerSection.render(b, f.verdict());
        SystemSection.render(b, a);
        files(b, f);
        return b.append(Html.close(Script.REPORT.replace("/*DATA*/", perSecondJson(a)))).toString();
    }

    private static void checksLine(StringBuilder b, RunSummary s) {
        if (s.checks().isEmpty()) return;
        b.append("<p>");
        s.checks().forEach((k, v) -> b.append(Html.esc(k)).append(": ").append(Html.verdictSpan(v)).append(" &nbsp; "));
        b.append("</p>\n");
    }

    static List<String> unsafe(JsonNode run) {
        if (run == null) return List.of();
        List<String> args = new ArrayList<>();
        run.path("parameters").path("kvnodeArgs").forEach(n -> args.add(n.asText()));
        return UnsafeFlags.of(args, run.path("parameters").path("nodes").asInt(3));
    }

    private static void parameters(StringBuilder b, JsonNode run, RunSummary s) {
        b.append("<h2>Run</h2>\n");
        if (s.command() != null) {
            b.append("<p>Reproduce (same schedule and operation mix; the interleaving is up to the machine):</p><div class=\"cmd\">")
                    .append(Html.esc(s.command())).append("</div>\n");
        }
        if (run == null) return;
        JsonNode p = run.path("parameters");
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Started / ended", run.path("start").asText() + " / " + run.path("end").asText()
                + (s.durationSeconds() == null ? "" : " (" + Ticks.seconds(s.durationSeconds()) + ")"));
        rows.put("Seed", run.path("seed").asText());
        rows.put("Cluster", p.path("nodes").asText() + " nodes" + (p.path("direct").asBoolean() ? ", direct links (no Toxiproxy)" : ", Toxiproxy "
                + (run.path("toxiproxy").path("embedded").asBoolean() ? "embedded" : run.path("toxiproxy").path("url").asText())
                + (!p.path("direct").asBoolean() && "direct".equals(p.path("clientLinks").asText()) ? " (peer links; clients dial the nodes)" : "")));
        rows.put("Workload", p.path("workload").asText() + ", " + p.path("keys").asText() + " keys, concurrency " + p.path("concurrency").asText()
                + ", rate " + (p.path("rate").asDouble() <= 0 ? "unlimited" : Ticks.number(p.path("rate").asDouble()) + " ops/s")
                + ", time limit " + Ticks.seconds(p.path("timeLimitMs").asDouble() / 1000));
        rows.put("Nemesis", join(p.path("nemesis")) + " (requested: " + join(p.path("nemesisRequested")) + "); windows of "
                + Ticks.seconds(p.path("nemesisIntervalMs").asDouble() / 1000) + ", at most " + p.path("maxFaulty").asText()
                + " faulty, cut mode " + p.path("cutMode").asText());
        rows.put("kvnode flags", p.path("kvnodeArgs").isEmpty() ? "(defaults)" : join(p.path("kvnodeArgs")));
        rows.put("Timeouts", "op " + Ticks.seconds(p.path("opTimeoutMs").asDouble() / 1000) + ", converge " + Ticks.seconds(p.path("convergeTimeoutMs").asDouble() / 1000)
                + ", check " + Ticks.seconds(p.path("checkTimeLimitMs").asDouble() / 1000) + "; lag sampled every " + p.path("sampleIntervalMs").asText() + " ms");
        List<String> versions = new ArrayList<>();
        run.path("versions").fields().forEachRemaining(e -> versions.add(e.getKey() + " " + e.getValue().asText()));
        rows.put("Versions", String.join(", ", versions));
        table(b, rows);
    }

    private static void keyFigures(StringBuilder b, RunAnalysis a, RunSummary s) {
        b.append("<h2>Key figures</h2>\n");
        Map<String, String> rows = new LinkedHashMap<>();
        long[] counts = new long[3];
        for (int i = 0; i < a.folder().ops().size(); i++) counts[a.folder().ops().outcome[i]]++;
        rows.put("Operations", String.format(Locale.ROOT, "%,d (%s/s): ok %,d, fail %,d, info %,d", s.operations(),
                s.opsPerSecond() == null ? "-" : Ticks.number(s.opsPerSecond()), counts[0], counts[1], counts[2]));
        RunSummary.Latency all = s.latencyMs().get("all");
        if (all != null) rows.put("Latency of ok operations", "p50 " + Ticks.millis(n(all.p50())) + ", p99 " + Ticks.millis(n(all.p99()))
                + ", p99.9 " + Ticks.millis(n(all.p999())));
        rows.put("Replication lag", s.lagMax() == null ? "no samples" : "max " + Ticks.number(s.lagMax()) + " records, p99 " + Ticks.number(s.lagP99()));
        rows.put("Time to converge after heal", s.timeToConvergeMs() == null ? "not converged / unknown"
                : TimeToConverge.describe(Math.round(s.timeToConvergeMs() * 1e6)));
        rows.put("Faults injected", s.faultsInjected() + (s.notRecovered() > 0 ? ", " + s.notRecovered() + " not recovered" : "")
                + (s.recoveryMaxSeconds() == null ? "" : ", slowest recovery " + Ticks.seconds(s.recoveryMaxSeconds())));
        rows.put("Unavailable (no ok op for ≥ 1 s)", a.unavailable().isEmpty() ? "never" : a.unavailable().size() + " window(s), "
                + Ticks.seconds(s.unavailableSeconds()) + " in all");
        rows.put("Load ended / run ended", "load ended at " + Ticks.seconds(a.loadEnd() / 1e9) + " (last invocation); "
                + (a.faults().heal() >= 0 ? "final heal at " + Ticks.seconds(a.faults().heal() / 1e9) + "; " : "no final heal recorded; ")
                + "last record at " + Ticks.seconds(a.runEnd() / 1e9));
        table(b, rows);
    }

    private static double n(Double d) {
        return d == null ? Double.NaN : d;
    }

    private static void timeSeries(StringBuilder b, RunAnalysis a) {
        b.append("<h2>Over time</h2>\n<p class=\"note\">All charts share one time axis (seconds since the load started). Shaded: fault windows, "
                + "labelled above the first chart; hover a band for its targets. Dashed lines: where the load ended and the final heal. Drag across a chart to zoom all of them (needs script).</p>\n"
                + "<p id=\"zoombar\" style=\"display:none\"><button id=\"zoomreset\">show the whole run</button></p>\n");
        TimeFrame frame = new TimeFrame(a.durationSeconds(), a.faults().windows(), a.faults().heal() >= 0 ? a.faults().heal() / 1e9 : a.loadEnd() / 1e9);
        frame.marker("load ended", a.loadEnd() / 1e9);
        if (a.faults().heal() >= 0) frame.marker("final heal", a.faults().heal() / 1e9);
        TimeCharts charts = new TimeCharts(frame);
        List<String> nodes = new ArrayList<>(a.roles().keySet());
        for (String n : a.lag().keySet()) if (!nodes.contains(n)) nodes.add(n);
        b.append(charts.latencyScatter(a.scatter()));
        b.append(charts.latencyPerSecond(a.seconds()));
        b.append(charts.throughput(a.seconds()));
        b.append(charts.lag(a.lag(), nodes));
        b.append(charts.roles(a.roles(), nodes));
    }

    private static void distributions(StringBuilder b, RunFolder f) {
        b.append("<h2>Percentile distributions</h2>\n");
        boolean any = false;
        for (Outcome o : Outcome.values()) {
            List<DistributionChart.Curve> curves = new ArrayList<>();
            for (Fn fn : Fn.values()) {
                String file = "latency-" + fn.wireName() + "-" + o.wireName() + ".hgrm";
                String text = f.hgrm().get(file);
                if (text != null) curves.add(new DistributionChart.Curve(fn.wireName(), file, PercentileCurve.parse(text)));
            }
            curves.removeIf(c -> c.data().isEmpty());
            if (curves.isEmpty()) continue;
            any = true;
            b.append(DistributionChart.render("dist-latency-" + o.wireName(), "Latency of " + o.wireName() + " operations by op type", "ms", true, curves));
        }
        List<DistributionChart.Curve> lag = new ArrayList<>();
        f.hgrm().forEach((file, text) -> {
            if (file.startsWith("lag-")) lag.add(new DistributionChart.Curve(file.substring(4, file.length() - 5), file, PercentileCurve.parse(text)));
        });
        lag.removeIf(c -> c.data().isEmpty());
        if (!lag.isEmpty()) {
            any = true;
            b.append(DistributionChart.render("dist-lag", "Replication lag per follower (records)", "", false, lag));
        }
        if (!any) b.append("<p>No .hgrm files in the run folder (the checker writes latency-*.hgrm, the runner lag-*.hgrm).</p>\n");
    }

    private static void files(StringBuilder b, RunFolder f) {
        b.append("<h2>Files</h2>\n<p>");
        List<String> names = new ArrayList<>(List.of("run.json", "summary.json", "verdict.json", "history.jsonl", "lag.jsonl", "faults.jsonl", "console.log",
                "final.json", "junit.xml"));
        names.addAll(f.hgrm().keySet());
        for (String node : f.nodeLogs().keySet()) names.add("nodes/" + node + "/node.log");
        for (String n : names) {
            // summary.json and junit.xml are written with this page
            if (!java.nio.file.Files.exists(f.dir().resolve(n)) && !n.equals("summary.json") && !n.equals("junit.xml")) continue;
            b.append("<a href=\"").append(Html.esc(n)).append("\">").append(Html.esc(n)).append("</a> &nbsp; ");
        }
        b.append("</p>\n");
    }

    static void table(StringBuilder b, Map<String, String> rows) {
        b.append("<table>\n");
        rows.forEach((k, v) -> b.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(Html.esc(v)).append("</td></tr>\n"));
        b.append("</table>\n");
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(" ", out);
    }

    /** Per second: ok, fail, info, p99 (ms, or null), for the script's readout. */
    private static String perSecondJson(RunAnalysis a) {
        StringBuilder j = new StringBuilder("[");
        a.seconds().forEach(k -> j.append(j.length() > 1 ? "," : "").append('[').append(k.ok()).append(',').append(k.fail()).append(',')
                .append(k.info()).append(',').append(Double.isNaN(k.p99()) ? "null" : Ticks.number(Math.round(k.p99() * 100) / 100.0).replace(",", "")).append(']'));
        return j.append(']').toString();
    }
}
