package dev.chaoskv.chaos.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;
import dev.chaoskv.chaos.load.LoadStats;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.checker.convergence.TimeToConverge;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run folder: creates it, and at the end writes what the runner (not the checker) owns:
 * run.json, lag-&lt;node&gt;.hgrm, then report.html, summary.json and junit.xml ({@link RunReport});
 * points results/latest at it.
 */
public final class ResultsFolder {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFolder() {
    }

    /** Why {@code folder} could not be written, in a few words; names the file that failed if it is another one. */
    public static String whyUnwritable(Path folder, IOException e) {
        if (e instanceof FileSystemException f) {
            String reason = f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof FileAlreadyExistsException || f instanceof NotDirectoryException ? "a file is in the way"
                    : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            boolean elsewhere = f.getFile() != null
                    && !Path.of(f.getFile()).toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize());
            return elsewhere ? reason + " (" + f.getFile() + ")" : reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** results/&lt;name&gt;, made unique if a run of the same second exists. */
    public static Path create(Path resultsDir, String name) throws IOException {
        Path dir = resultsDir.resolve(name);
        for (int i = 2; Files.exists(dir); i++) dir = resultsDir.resolve(name + "-" + i);
        Files.createDirectories(dir.resolve("nodes"));
        return dir;
    }

    public static void write(Path runDir, Outcome o) throws IOException {
        write(runDir, o, Map.of());
    }

    /** As {@link #write(Path, Outcome)}, with the deployment's own fields added to run.json (e.g. "remote"). */
    public static void write(Path runDir, Outcome o, Map<String, Object> deployment) throws IOException {
        for (Map.Entry<String, Histogram> e : o.lag().histograms().entrySet()) {
            Files.writeString(runDir.resolve("lag-" + e.getKey() + ".hgrm"), lagHgrm(e.getValue()), StandardCharsets.UTF_8);
        }
        Map<String, Object> run = runJson(o);
        run.putAll(deployment);
        JSON.writeValue(runDir.resolve("run.json").toFile(), run);
        RunReport.write(runDir); // report.html, summary.json and junit.xml, from the files just written
    }

    /** HdrHistogram percentile text of a lag histogram (values in records, unscaled). */
    static String lagHgrm(Histogram h) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream ps = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(ps, 5, 1.0);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static Map<String, Object> runJson(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.cfg().identity().name());
        m.put("seed", o.cfg().identity().seed());
        m.put("start", o.times().start().toString());
        m.put("end", o.times().end().toString());
        m.put("args", o.cfg().identity().args());
        m.put("parameters", o.cfg().parameters());
        Map<String, Object> versions = new LinkedHashMap<>();
        // One build holds the runner, the checker and the kvnode it starts.
        versions.put("chaos", o.environment().version());
        versions.put("kvnode", o.environment().version());
        versions.put("checker", o.environment().version());
        versions.put("commit", o.environment().commit());
        versions.put("java", System.getProperty("java.version"));
        versions.put("toxiproxy", o.toxiproxy().version());
        m.put("versions", versions);
        m.put("environment", o.environment().json());
        m.put("toxiproxy", Map.of("url", o.toxiproxy().url(), "embedded", o.toxiproxy().embedded()));
        m.put("nodes", nodes(o.layout()));
        m.put("verdict", o.check().verdict().valid().json());
        m.put("exitCode", o.check().verdict().exitCode());
        m.put("summary", summary(o));
        return m;
    }

    /** run.json's "nodes": each node's own address, its client proxy and its outbound peer proxies, and its log. */
    static List<Map<String, Object>> nodes(Outcome.Layout layout) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (String id : layout.plan().nodeIds()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", id);
            n.put("address", text(layout.nodes().get(id)));
            n.put("clientProxy", text(layout.links().get(ClusterPlan.clientProxy(id))));
            Map<String, String> peers = new TreeMap<>();
            for (String p : layout.plan().nodeIds()) if (!p.equals(id)) peers.put(p, text(layout.links().get(ClusterPlan.peerProxy(id, p))));
            n.put("peerProxies", peers);
            n.put("log", "nodes/" + id + "/node.log");
            nodes.add(n);
        }
        return nodes;
    }

    private static String text(HostPort address) {
        return address == null ? null : address.toString();
    }

    static Map<String, Object> summary(Outcome o) {
        Map<String, Object> s = new LinkedHashMap<>();
        LoadStats st = o.operations().stats();
        Histogram ok = st.okLatency();
        double seconds = Math.max(1e-9, o.operations().loadEndNanos() / 1e9);
        s.put("operations", st.total());
        s.put("ok", st.ok());
        s.put("fail", st.fail());
        s.put("info", st.info());
        s.put("opsPerSecond", Math.round(st.total() / seconds));
        s.put("okLatencyP50Ms", ok.getTotalCount() == 0 ? null : ok.getValueAtPercentile(50) / 1e6);
        s.put("okLatencyP99Ms", ok.getTotalCount() == 0 ? null : ok.getValueAtPercentile(99) / 1e6);
        s.put("maxLag", o.lag().histograms().values().stream().mapToLong(Histogram::getMaxValue).max().orElse(0));
        s.put("converged", o.finalState().convergence().converged());
        Long ttc = o.check().verdict().convergence().timeToConvergeNanos();
        s.put("timeToConvergeMs", ttc == null ? null : ttc / 1e6);
        s.put("finalLeader", o.finalState().leader());
        s.put("faultsInjected", o.faults().injected());
        s.put("faultsSkipped", o.faults().skipped().stream().map(FaultKind.Skipped::value).toList());
        s.put("historyEvents", o.operations().historyEvents());
        s.put("healProblems", o.faults().healProblems());
        return s;
    }

    /** The numbers printed after the verdict. */
    public static String keyNumbers(Outcome o) {
        Map<String, Object> s = summary(o);
        return String.format(Locale.ROOT,
                "ops %d (%d/s): ok %d, fail %d, info %d | ok latency p50 %s ms, p99 %s ms | max lag %d records | "
                        + "time to converge %s | faults injected %d",
                s.get("operations"), s.get("opsPerSecond"), s.get("ok"), s.get("fail"), s.get("info"),
                ms(s.get("okLatencyP50Ms")), ms(s.get("okLatencyP99Ms")), (Long) s.get("maxLag"),
                timeToConverge(o),
                o.faults().injected()) + skippedNote(o) + System.lineSeparator();
    }

    /** The checker's figure, in the checker's words, so console, report and checker agree. */
    static String timeToConverge(Outcome o) {
        var c = o.check().verdict().convergence();
        if (c.timeToConvergeNanos() != null) return TimeToConverge.describe(c.timeToConvergeNanos()) + " after heal";
        return o.finalState().convergence().converged() ? "unknown (" + c.lagNote() + ")"
                : "not converged: " + o.finalState().convergence().detail();
    }

    /** Faults that could not apply are named next to the count they are not part of. */
    private static String skippedNote(Outcome o) {
        List<FaultKind.Skipped> skipped = o.faults().skipped();
        return skipped.isEmpty() ? "" : ", skipped " + skipped.size() + " (see faultsSkipped in run.json)";
    }

    private static String ms(Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", (Double) v);
    }

    /** results/latest -> the run folder (relative, so the results folder can move). */
    public static void pointLatest(Path resultsDir, Path runDir) {
        Path link = resultsDir.resolve("latest");
        try {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, runDir.getFileName());
        } catch (IOException | UnsupportedOperationException e) {
            // no symlinks here (some file systems): the folder name still sorts by time
        }
    }


}
