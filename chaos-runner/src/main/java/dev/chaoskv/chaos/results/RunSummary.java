package dev.chaoskv.chaos.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chaoskv.chaos.results.data.LagSeries;
import dev.chaoskv.chaos.results.data.OpTable;
import dev.chaoskv.chaos.results.data.Percentiles;
import dev.chaoskv.chaos.results.data.Recovery;
import dev.chaoskv.chaos.results.data.Unavailability;
import dev.chaoskv.checker.history.Fn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * summary.json: the key figures of one run, the row of the results index and one side of
 * {@code chaos report --compare}. Latencies are of ok operations, in ms; null where the run has
 * no data for a figure. See docs/results-format.md.
 *
 * @param run              the run folder's name (yyyyMMdd'T'HHmmss-name)
 * @param verdict          valid, invalid, unknown, or missing (no verdict.json)
 * @param checks           check -> valid, invalid, unknown, skipped
 * @param latencyMs        op type (and "all") -> p50, p99, p999 of ok operations
 * @param recovery         fault kind -> recovery figures
 * @param recoveryMaxSeconds the slowest recovery of any fault, null if none recovered
 * @param notRecovered     faults that did not recover before the next fault or the load end
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSummary(int format, String run, String name, String start, Double durationSeconds, String workload,
                         Integer nodes, Long seed, String command, String verdict, Map<String, String> checks,
                         long operations, Double opsPerSecond, Map<String, Latency> latencyMs, Long lagMax, Long lagP99,
                         Double timeToConvergeMs, Map<String, Recovery.ByKind> recovery, Double recoveryMaxSeconds,
                         int notRecovered, int faultsInjected, Map<String, Integer> faultsByKind,
                         double unavailableSeconds, List<String> problems) {
    public static final String FILE = "summary.json";
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Latency(long count, Double p50, Double p99, Double p999) {
    }

    /** The summary of an analysed run. */
    public static RunSummary of(RunAnalysis a) {
        RunFolder f = a.folder();
        JsonNode run = f.run();
        JsonNode params = run == null ? null : run.path("parameters");
        String verdict = f.verdict() == null ? "missing" : validity(f.verdict().path("valid"));
        Map<String, String> checks = new LinkedHashMap<>();
        if (f.verdict() != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = f.verdict().path("checks").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checks.put(e.getKey(), validity(e.getValue().path("valid")));
            }
        }
        double loadSeconds = a.loadEnd() / 1e9;
        Map<String, Integer> byKind = new LinkedHashMap<>();
        a.faults().windows().forEach(w -> byKind.merge(w.kind(), 1, Integer::sum));
        Double recoveryMax = a.recovery().stream().filter(Recovery.Result::recovered).map(Recovery.Result::seconds)
                .max(Double::compare).orElse(null);
        int notRecovered = (int) a.recovery().stream().filter(r -> !r.recovered() && r.note().startsWith("not recovered")).count();
        long[] lag = lag(a);
        double unavailable = a.unavailable().stream().mapToLong(Unavailability.Gap::nanos).sum() / 1e9;
        return new RunSummary(FORMAT, f.dir().getFileName().toString(), f.name(),
                run == null ? null : run.path("start").asText(null), duration(run), params == null ? null : params.path("workload").asText(null),
                params == null || !params.has("nodes") ? null : params.path("nodes").asInt(),
                run == null || !run.has("seed") ? null : run.path("seed").asLong(), ReproduceCommand.of(run),
                verdict, checks, f.ops().size(), loadSeconds > 0 ? round(f.ops().size() / loadSeconds, 1) : null,
                latency(f.ops()), lag == null ? null : lag[0], lag == null ? null : lag[1], timeToConverge(f),
                Recovery.byKind(a.recovery()), recoveryMax == null ? null : round(recoveryMax, 3), notRecovered, a.faults().windows().size(), byKind,
                round(unavailable, 3), List.copyOf(f.problems()));
    }

    /** Reads a run folder's summary.json. */
    public static RunSummary read(Path runDirOrFile) throws IOException {
        Path file = Files.isDirectory(runDirOrFile) ? runDirOrFile.resolve(FILE) : runDirOrFile;
        return JSON.readValue(file.toFile(), RunSummary.class);
    }

    public void write(Path runDir) throws IOException {
        JSON.writeValue(runDir.resolve(FILE).toFile(), this);
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    /** The same summary under another run folder name (one copied, or read through results/latest). */
    public RunSummary withRun(String folder) {
        return new RunSummary(format, folder, name, start, durationSeconds, workload, nodes, seed, command, verdict, checks, operations,
                opsPerSecond, latencyMs, lagMax, lagP99, timeToConvergeMs, recovery, recoveryMaxSeconds, notRecovered, faultsInjected,
                faultsByKind, unavailableSeconds, problems);
    }

    /** p99 of all ok operations (ms), or null. */
    public Double p99() {
        Latency l = latencyMs == null ? null : latencyMs.get("all");
        return l == null ? null : l.p99();
    }

    private static Map<String, Latency> latency(OpTable ops) {
        Map<String, Latency> out = new LinkedHashMap<>();
        int n = ops.size();
        double[] all = new double[n];
        int allCount = 0;
        for (Fn fn : Fn.values()) {
            double[] v = new double[n];
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (ops.fn[i] != fn.ordinal() || !ops.isOk(i) || !ops.completed(i)) continue;
                v[c++] = ops.latencyMs(i);
                all[allCount++] = ops.latencyMs(i);
            }
            if (c > 0) out.put(fn.wireName(), figures(v, c));
        }
        if (allCount > 0) out.put("all", figures(all, allCount));
        return out;
    }

    private static Latency figures(double[] v, int c) {
        java.util.Arrays.sort(v, 0, c);
        return new Latency(c, round(Percentiles.of(v, c, 50), 3), round(Percentiles.of(v, c, 99), 3), round(Percentiles.of(v, c, 99.9), 3));
    }

    /** Max and p99 of every follower's lag samples, or null without samples. */
    private static long[] lag(RunAnalysis a) {
        List<Long> all = new ArrayList<>();
        for (List<LagSeries.Point> pts : a.lag().values()) for (LagSeries.Point p : pts) all.add(p.lag());
        if (all.isEmpty()) return null;
        double[] v = all.stream().mapToDouble(Long::doubleValue).toArray();
        java.util.Arrays.sort(v);
        return new long[]{(long) v[v.length - 1], (long) Percentiles.of(v, v.length, 99)};
    }

    /**
     * The checker's time to converge from lag samples, else the runner's bounded wait. Unrounded:
     * the report prints it as the console and the checker do, and a value rounded first (9.47 ms
     * to 9.5) could print differently there (0.010 s against 0.009 s).
     */
    private static Double timeToConverge(RunFolder f) {
        JsonNode c = f.verdict() == null ? null : f.verdict().path("checks").path("convergence").path("timeToConvergeMillis");
        if (c != null && c.isNumber()) return c.asDouble();
        JsonNode r = f.run() == null ? null : f.run().path("summary").path("timeToConvergeMs");
        return r != null && r.isNumber() ? r.asDouble() : null;
    }

    private static Double duration(JsonNode run) {
        if (run == null) return null;
        try {
            return round(Duration.between(Instant.parse(run.path("start").asText()), Instant.parse(run.path("end").asText())).toMillis() / 1000.0, 1);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String validity(JsonNode v) {
        if (v.isBoolean()) return v.asBoolean() ? "valid" : "invalid";
        return v.isMissingNode() || v.isNull() ? "missing" : v.asText();
    }

    private static Double round(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return null;
        double m = Math.pow(10, decimals);
        return Math.round(v * m) / m;
    }
}
