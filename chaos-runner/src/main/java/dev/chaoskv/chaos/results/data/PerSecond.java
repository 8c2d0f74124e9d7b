package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.history.Outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * Completions bucketed by the second they completed in (second 0 = [0 s, 1 s) after the load
 * started): how many ended ok, fail and info, and the p50, p95, p99 and max latency of the ok ones.
 */
public final class PerSecond {
    /** One second. Latencies in ms, NaN when no operation completed ok in it. */
    public record Bucket(int second, int ok, int fail, int info, double p50, double p95, double p99, double max) {
        public int total() {
            return ok + fail + info;
        }
    }

    private PerSecond() {
    }

    /** Buckets 0 .. seconds-1 (completions later than that are left out; none earlier exist). */
    public static List<Bucket> of(OpTable ops, int seconds) {
        int[] ok = new int[seconds], fail = new int[seconds], info = new int[seconds];
        int[] start = new int[seconds + 1];
        for (int i = 0; i < ops.size(); i++) {
            int s = second(ops.complete[i]);
            if (s < 0 || s >= seconds) continue;
            if (ops.isOk(i)) {
                ok[s]++;
                start[s + 1]++;
            } else if (ops.outcome[i] == Outcome.FAIL.ordinal()) {
                fail[s]++;
            } else {
                info[s]++;
            }
        }
        // ok latencies grouped by second in one array (counting sort), then each slice sorted
        for (int s = 0; s < seconds; s++) start[s + 1] += start[s];
        double[] lat = new double[start[seconds]];
        int[] fill = start.clone();
        for (int i = 0; i < ops.size(); i++) {
            int s = second(ops.complete[i]);
            if (s < 0 || s >= seconds || !ops.isOk(i)) continue;
            lat[fill[s]++] = ops.latencyMs(i);
        }
        List<Bucket> out = new ArrayList<>(seconds);
        for (int s = 0; s < seconds; s++) {
            int n = start[s + 1] - start[s];
            double[] slice = java.util.Arrays.copyOfRange(lat, start[s], start[s + 1]);
            double[] q = Percentiles.summary(slice, n);
            out.add(new Bucket(s, ok[s], fail[s], info[s], q[0], q[1], q[2], q[3]));
        }
        return out;
    }

    private static int second(long nanos) {
        return nanos < 0 ? -1 : (int) (nanos / 1_000_000_000L);
    }
}
