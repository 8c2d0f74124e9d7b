package dev.chaoskv.chaos.results.data;

import java.util.Arrays;

/** Exact percentiles by nearest rank (the smallest value with at least p % of the values at or below it). */
public final class Percentiles {
    private Percentiles() {
    }

    /** {@code sorted} ascending; p in 0..100; NaN for no values. */
    public static double of(double[] sorted, int count, double p) {
        if (count == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.min(count - 1, Math.max(0, rank - 1))];
    }

    /** p50, p95, p99 and max of the first {@code count} values (sorted in place). */
    public static double[] summary(double[] values, int count) {
        Arrays.sort(values, 0, count);
        return new double[]{of(values, count, 50), of(values, count, 95), of(values, count, 99),
                count == 0 ? Double.NaN : values[count - 1]};
    }
}
