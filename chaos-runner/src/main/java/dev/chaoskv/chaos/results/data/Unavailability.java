package dev.chaoskv.chaos.results.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Stretches of the load with no operation completing ok for at least a threshold (1 s in reports). */
public final class Unavailability {
    public static final long DEFAULT_THRESHOLD_NANOS = 1_000_000_000L;

    /** From {@code start} (the last ok completion before, or the load start) to {@code end} (the next ok completion, or the load end), ns. */
    public record Gap(long start, long end) {
        public long nanos() {
            return end - start;
        }
    }

    private Unavailability() {
    }

    /** Gaps of at least {@code threshold} ns between ok completions within [0, loadEnd]. */
    public static List<Gap> of(OpTable ops, long loadEnd, long threshold) {
        int n = 0;
        long[] ok = new long[ops.size()];
        for (int i = 0; i < ops.size(); i++) if (ops.isOk(i) && ops.completed(i) && ops.complete[i] <= loadEnd) ok[n++] = ops.complete[i];
        Arrays.sort(ok, 0, n);
        List<Gap> gaps = new ArrayList<>();
        long prev = 0;
        for (int i = 0; i <= n; i++) {
            long next = i < n ? ok[i] : loadEnd;
            if (next - prev >= threshold) gaps.add(new Gap(prev, next));
            prev = next;
        }
        return gaps;
    }
}
