package dev.chaoskv.checker.stats;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Check 5: counts of ok/fail/info per operation, and latency distributions per operation and
 * outcome (HdrHistogram, ns, 3 significant digits). Operations that never completed have no
 * latency and are only counted.
 */
public final class OperationStats {
    private final Map<Fn, long[]> counts = new EnumMap<>(Fn.class);
    private final Map<Fn, Map<Outcome, Histogram>> latency = new EnumMap<>(Fn.class);

    public static OperationStats of(List<Operation> ops) {
        OperationStats s = new OperationStats();
        ops.forEach(s::record);
        return s;
    }

    public void record(Operation op) {
        counts.computeIfAbsent(op.f(), f -> new long[Outcome.values().length])[op.outcome().ordinal()]++;
        long nanos = op.latencyNanos();
        if (nanos >= 0) {
            latency.computeIfAbsent(op.f(), f -> new EnumMap<>(Outcome.class))
                    .computeIfAbsent(op.outcome(), o -> new Histogram(3))
                    .recordValue(nanos);
        }
    }

    /** Count of operations {@code f} that ended with {@code outcome}. */
    public long count(Fn f, Outcome outcome) {
        long[] c = counts.get(f);
        return c == null ? 0 : c[outcome.ordinal()];
    }

    public long total() {
        return counts.values().stream().mapToLong(c -> c[0] + c[1] + c[2]).sum();
    }

    public Map<Fn, long[]> counts() {
        return counts;
    }

    /** Latency histograms by operation and outcome (only combinations that occurred). */
    public Map<Fn, Map<Outcome, Histogram>> latency() {
        return latency;
    }

    /** The .hgrm text of one histogram, values in milliseconds (HdrHistogram's percentile format). */
    public static String hgrm(Histogram h) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, 5, 1_000_000.0);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** File name for a latency histogram: latency-read-ok.hgrm. */
    public static String fileName(Fn f, Outcome o) {
        return "latency-" + f.wireName() + "-" + o.wireName() + ".hgrm";
    }
}
