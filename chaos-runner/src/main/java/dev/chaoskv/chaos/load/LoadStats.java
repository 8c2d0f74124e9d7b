package dev.chaoskv.chaos.load;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and latencies of completed operations, for the status line, the summary and the
 * report: one HdrHistogram per (f, outcome), and per-second buckets of throughput and of the
 * latency of successful operations.
 */
public final class LoadStats {
    /** Per-second bucket: counts by outcome and latency of ok operations. */
    public static final class Second {
        public long ok, fail, info;
        public final Histogram okLatency = new Histogram(3);
    }

    private final Map<String, Histogram> latency = new TreeMap<>();
    // f -> type -> the histogram in {@code latency}: found per operation without building its "f-type" name.
    private final Map<String, Map<String, Histogram>> byFnAndType = new java.util.HashMap<>();
    private final List<Second> seconds = new ArrayList<>();
    private long ok, fail, info;

    public synchronized void record(String f, String type, long latencyNanos, long completeTime) {
        switch (type) {
            case "ok" -> ok++;
            case "fail" -> fail++;
            default -> info++;
        }
        Map<String, Histogram> ofFn = byFnAndType.computeIfAbsent(f, k -> new java.util.HashMap<>());
        Histogram h = ofFn.get(type);
        if (h == null) {
            h = latency.computeIfAbsent(f + "-" + type, k -> new Histogram(3));
            ofFn.put(type, h);
        }
        h.recordValue(Math.max(0, latencyNanos));
        int s = (int) (completeTime / 1_000_000_000L);
        while (seconds.size() <= s) seconds.add(new Second());
        Second b = seconds.get(s);
        switch (type) {
            case "ok" -> {
                b.ok++;
                b.okLatency.recordValue(Math.max(0, latencyNanos));
            }
            case "fail" -> b.fail++;
            default -> b.info++;
        }
    }

    public synchronized long ok() {
        return ok;
    }

    public synchronized long fail() {
        return fail;
    }

    public synchronized long info() {
        return info;
    }

    public synchronized long total() {
        return ok + fail + info;
    }

    /** Latency of every operation that completed ok, all types together. */
    public synchronized Histogram okLatency() {
        Histogram all = new Histogram(3);
        latency.forEach((k, h) -> {
            if (k.endsWith("-ok")) all.add(h);
        });
        return all;
    }

    /** Copies of the per-(f-outcome) histograms, keyed "read-ok", "cas-fail"... */
    public synchronized Map<String, Histogram> latencyByKind() {
        Map<String, Histogram> out = new TreeMap<>();
        latency.forEach((k, h) -> out.put(k, h.copy()));
        return out;
    }

    public synchronized List<Second> seconds() {
        return List.copyOf(seconds);
    }
}
