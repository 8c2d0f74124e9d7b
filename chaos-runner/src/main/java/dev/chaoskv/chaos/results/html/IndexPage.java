package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.RunSummary;
import dev.chaoskv.chaos.results.data.Ticks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * results/index.html: a row per run folder (newest first) from each folder's summary.json,
 * with links to its report, and per run name the trend of p99, max lag and slowest recovery
 * over its last {@link #TREND_RUNS} runs. Rebuilt after every run and by {@code chaos report --index}.
 */
public final class IndexPage {
    public static final String FILE = "index.html";
    public static final int TREND_RUNS = 30;

    /** A run folder of the results root and its summary (null when it has no readable summary.json). */
    public record Entry(String folder, RunSummary summary, String problem) {
    }

    private IndexPage() {
    }

    /** Reads every run folder under {@code resultsRoot} and writes its index.html; returns the file. */
    public static Path rebuild(Path resultsRoot) throws IOException {
        List<Entry> entries = entries(resultsRoot);
        Path file = resultsRoot.resolve(FILE);
        Files.writeString(file, render(entries), StandardCharsets.UTF_8);
        return file;
    }

    /** The run folders (those with run.json, history.jsonl or summary.json), newest first by folder name (which starts with the time). */
    public static List<Entry> entries(Path resultsRoot) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(resultsRoot)) {
            for (Path dir : s.filter(Files::isDirectory).filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Path summary = dir.resolve(RunSummary.FILE);
                boolean runFolder = Files.exists(summary) || Files.exists(dir.resolve("run.json")) || Files.exists(dir.resolve("history.jsonl"));
                if (!runFolder) continue;
                String name = dir.getFileName().toString();
                if (!Files.exists(summary)) {
                    out.add(new Entry(name, null, "no summary.json (bin/chaos report " + name + " writes it)"));
                    continue;
                }
                try {
                    out.add(new Entry(name, RunSummary.read(summary), null));
                } catch (IOException e) {
                    out.add(new Entry(name, null, "summary.json unreadable: " + firstLine(e.getMessage())));
                }
            }
        }
        out.sort(Comparator.comparing(Entry::folder).reversed());
        return out;
    }

    public static String render(List<Entry> entries) {
        StringBuilder b = Html.open("chaos results");
        b.append("<h1>chaos results</h1>\n<p class=\"note\">").append(entries.size()).append(" run(s), newest first. Latency: p99 of ok operations; "
                + "lag in records; recovery: the slowest fault's (see each report).</p>\n")
                .append("<input id=\"filter\" class=\"filter\" placeholder=\"filter by name\" style=\"display:none\">\n");
        trends(b, entries);
        b.append("<h2>Runs</h2>\n<table><tr><th>date</th><th>name</th><th>verdict</th><th class=\"num\">duration</th><th class=\"num\">ops/s</th>"
                + "<th class=\"num\">p99</th><th class=\"num\">max lag</th><th>recovery</th><th>files</th></tr>\n");
        for (Entry e : entries) {
            RunSummary s = e.summary();
            String name = s == null ? nameOf(e.folder()) : s.name();
            b.append("<tr class=\"run\" data-name=\"").append(Html.esc(name)).append("\"><td>").append(Html.esc(dateOf(e.folder())))
                    .append("</td><td>").append(Html.esc(name)).append("</td>");
            if (s == null) {
                b.append("<td colspan=\"6\" class=\"missing sentence\">").append(Html.esc(e.problem())).append("</td>");
            } else {
                b.append("<td>").append(Html.verdictSpan(s.verdict())).append("</td><td class=\"num\">")
                        .append(s.durationSeconds() == null ? "-" : Ticks.seconds(s.durationSeconds())).append("</td><td class=\"num\">")
                        .append(s.opsPerSecond() == null ? "-" : Ticks.number(Math.round(s.opsPerSecond()))).append("</td><td class=\"num\">")
                        .append(s.p99() == null ? "-" : Ticks.millis(s.p99())).append("</td><td class=\"num\">")
                        .append(s.lagMax() == null ? "-" : Ticks.number(s.lagMax())).append("</td><td>").append(recovery(s)).append("</td>");
            }
            String f = Html.esc(e.folder());
            b.append("<td><a href=\"").append(f).append("/report.html\">report</a> <a href=\"").append(f).append("/summary.json\">summary</a> <a href=\"")
                    .append(f).append("/junit.xml\">junit</a></td></tr>\n");
        }
        b.append("</table>\n");
        return b.append(Html.close(Script.INDEX)).toString();
    }

    private static String recovery(RunSummary s) {
        if (s.faultsInjected() == 0) return "no faults";
        String r = s.recoveryMaxSeconds() == null ? "-" : Ticks.seconds(s.recoveryMaxSeconds());
        return Html.esc(r) + (s.notRecovered() > 0 ? " <span class=\"invalid\">(" + s.notRecovered() + " not recovered)</span>" : "");
    }

    private static void trends(StringBuilder b, List<Entry> entries) {
        Map<String, List<RunSummary>> byName = new LinkedHashMap<>();
        for (Entry e : entries) if (e.summary() != null) byName.computeIfAbsent(e.summary().name(), k -> new ArrayList<>()).add(e.summary());
        if (byName.isEmpty()) return;
        b.append("<h2>Trends (last ").append(TREND_RUNS).append(" runs of each name, oldest left; red: invalid)</h2>\n")
                .append("<table><tr><th>name</th><th class=\"num\">runs</th><th>p99</th><th>max lag</th><th>slowest recovery</th></tr>\n");
        byName.forEach((name, runs) -> {
            List<RunSummary> last = new ArrayList<>(runs.subList(0, Math.min(TREND_RUNS, runs.size())));
            java.util.Collections.reverse(last);
            List<Boolean> bad = last.stream().map(r -> "invalid".equals(r.verdict())).toList();
            b.append("<tr class=\"run\" data-name=\"").append(Html.esc(name)).append("\"><td>").append(Html.esc(name)).append("</td><td class=\"num\">")
                    .append(runs.size()).append("</td><td>")
                    .append(Sparkline.render(last.stream().map(RunSummary::p99).toList(), bad, Ticks::millis)).append("</td><td>")
                    .append(Sparkline.render(last.stream().map(r -> r.lagMax() == null ? null : r.lagMax().doubleValue()).toList(), bad, Ticks::number))
                    .append("</td><td>").append(Sparkline.render(last.stream().map(RunSummary::recoveryMaxSeconds).toList(), bad, Ticks::seconds))
                    .append("</td></tr>\n");
        });
        b.append("</table>\n");
    }

    /** "2026-11-29 23:02:14" from "20261129T230214-smoke". */
    static String dateOf(String folder) {
        if (folder.length() >= 15 && folder.charAt(8) == 'T') {
            String d = folder.substring(0, 15);
            return d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6, 8) + " " + d.substring(9, 11) + ":" + d.substring(11, 13) + ":" + d.substring(13, 15);
        }
        return "";
    }

    static String nameOf(String folder) {
        return folder.length() > 16 && folder.charAt(8) == 'T' && folder.charAt(15) == '-' ? folder.substring(16) : folder;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
