package dev.chaoskv.chaos.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chaoskv.checker.CheckOptions;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.gen.GeneratedRun;
import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryWriter;
import dev.chaoskv.checker.history.NemesisEvent;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.state.StateFiles;
import org.HdrHistogram.Histogram;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic run folder of any size, for measuring the report on runs too long to make for real
 * (a million operations): the checker's linearizable register-history generator with a set
 * workload mixed in, a partition or kill every 10 s, lag samples of three nodes, run.json, node
 * logs; then the real checker and the real report. Not a run: nothing is started.
 *
 * <pre>java -cp chaos-runner/target/chaos.jar dev.chaoskv.chaos.results.SyntheticRun DIR OPERATIONS [SEED]</pre>
 */
public final class SyntheticRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long S = 1_000_000_000L;

    private SyntheticRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SyntheticRun DIR OPERATIONS [SEED]");
            System.exit(64);
        }
        long t0 = System.nanoTime();
        Path dir = Path.of(args[0]);
        write(dir, Integer.parseInt(args[1]), args.length > 2 ? Long.parseLong(args[2]) : 1);
        System.out.printf("wrote %s in %.1f s; report.html %,d bytes%n", dir, (System.nanoTime() - t0) / 1e9, Files.size(dir.resolve(RunReport.FILE)));
    }

    /** Writes the folder (created if needed) and its report; returns the summary. */
    public static RunSummary write(Path dir, int operations, long seed) throws Exception {
        Files.createDirectories(dir);
        GeneratedRun g = RegisterHistoryGenerator.generate(GeneratorConfig.of(operations, 20, 10, 0.005, seed).withMix(0.4, 0.15, 0.02, 0.25));
        // The generator runs its clients back to back; stretched 4x, the load looks like 10 clients at ~2 ms per operation.
        List<Operation> ops = new ArrayList<>(g.history().operations().size());
        long end = 0;
        for (Operation o : g.history().operations()) {
            Operation s = o.withTimes(o.invokeTime() * 4, o.hasCompletion() ? o.completeTime() * 4 : Operation.NO_COMPLETION);
            ops.add(s);
            end = Math.max(end, s.hasCompletion() ? s.completeTime() : s.invokeTime());
        }
        List<NemesisEvent> nemesis = new ArrayList<>();
        String[] kinds = {"partition-leader", "kill-one", "pause-one", "partition-halves"};
        for (long t = 5 * S, w = 0; t + 5 * S < end; t += 10 * S, w++) {
            String kind = kinds[(int) (w % kinds.length)];
            String value = kind.startsWith("partition") ? "{\"fault\":\"" + kind + "\",\"groups\":[[\"n1\"],[\"n2\",\"n3\"]],\"mode\":\"blackhole\"}"
                    : "{\"fault\":\"" + kind + "\",\"nodes\":[\"n" + (w % 3 + 1) + "\"]}";
            String[] fs = kind.startsWith("partition") ? new String[]{"start-partition", "stop-partition"}
                    : kind.startsWith("kill") ? new String[]{"kill", "restart"} : new String[]{"pause", "resume"};
            nemesis.add(new NemesisEvent(t, "info", fs[0], value, 0));
            nemesis.add(new NemesisEvent(t + 5 * S, "info", fs[1], value, 0));
        }
        nemesis.add(new NemesisEvent(end + S / 10, "info", "heal", "{\"problems\":[]}", 0));
        HistoryWriter.write(new History(ops, nemesis, 0, List.of()), dir.resolve(Checker.HISTORY));
        StateFiles.writeFinal(g.finalState(), dir.resolve(Checker.FINAL));
        Map<String, Histogram> lagHistograms = lag(dir.resolve(Checker.LAG), end + S, seed);
        for (Map.Entry<String, Histogram> e : lagHistograms.entrySet()) {
            Files.writeString(dir.resolve("lag-" + e.getKey() + ".hgrm"), ResultsFolder.lagHgrm(e.getValue()), StandardCharsets.UTF_8);
        }
        runJson(dir, operations, seed, end);
        Files.writeString(dir.resolve("faults.jsonl"), "{\"time\":\"2026-01-01T00:00:00Z\",\"event\":\"run\",\"synthetic\":true}\n", StandardCharsets.UTF_8);
        for (String n : List.of("n1", "n2", "n3")) {
            Path log = dir.resolve("nodes").resolve(n).resolve("node.log");
            Files.createDirectories(log.getParent());
            Files.writeString(log, "2026-01-01T00:00:00.000Z " + n + " [node] " + n + " starting: term 0 (synthetic run, no real node)\n", StandardCharsets.UTF_8);
        }
        Checker.writeResults(new Checker().check(dir, CheckOptions.defaults()), dir);
        return RunReport.write(dir);
    }

    /** Three nodes sampled every 250 ms: n1 leads, n2 and n3 follow a few to a few hundred records behind. */
    private static Map<String, Histogram> lag(Path file, long end, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Histogram> hist = new LinkedHashMap<>();
        long commit = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long t = 0; t < end; t += S / 4) {
                commit += 500 + rnd.nextInt(100);
                w.write("{\"time\":" + t + ",\"node\":\"n1\",\"role\":\"leader\",\"term\":1,\"lastLsn\":" + commit + ",\"commitLsn\":" + commit
                        + ",\"appliedLsn\":" + commit + "}\n");
                for (String n : List.of("n2", "n3")) {
                    long behind = (t / S) % 10 >= 5 && n.equals("n2") ? 200 + rnd.nextInt(400) : rnd.nextInt(20);
                    w.write("{\"time\":" + (t + 1000) + ",\"node\":\"" + n + "\",\"role\":\"follower\",\"term\":1,\"lastLsn\":" + commit
                            + ",\"commitLsn\":" + (commit - behind) + ",\"appliedLsn\":" + (commit - behind) + "}\n");
                    hist.computeIfAbsent(n, k -> new Histogram(3)).recordValue(behind);
                }
            }
        }
        return hist;
    }

    private static void runJson(Path dir, int operations, long seed, long end) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", "synthetic");
        p.put("nodes", 3);
        p.put("timeLimitMs", end / 1_000_000);
        p.put("concurrency", 10);
        p.put("rate", 0.0);
        p.put("workload", "mixed");
        p.put("keys", 20);
        p.put("nemesis", List.of("partition-leader", "kill-one", "pause-one", "partition-halves"));
        p.put("nemesisRequested", List.of("partition", "kill", "pause"));
        p.put("nemesisIntervalMs", 5000);
        p.put("maxFaulty", 1);
        p.put("cutMode", "blackhole");
        p.put("kvnodeArgs", List.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "synthetic");
        m.put("seed", seed);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        m.put("start", start.toString());
        m.put("end", start.plusNanos(end).toString());
        m.put("args", List.of("synthetic: java -cp chaos.jar " + SyntheticRun.class.getName(), dir.toString(), String.valueOf(operations), String.valueOf(seed)));
        m.put("parameters", p);
        m.put("versions", Map.of("chaos", "synthetic"));
        m.put("nodes", List.of(Map.of("id", "n1"), Map.of("id", "n2"), Map.of("id", "n3")));
        JSON.writeValue(dir.resolve("run.json").toFile(), m);
    }
}
