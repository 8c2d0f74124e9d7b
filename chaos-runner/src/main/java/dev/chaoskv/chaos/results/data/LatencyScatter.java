package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latency of every completed operation against the time it was invoked, grouped by op type
 * and outcome. Up to {@code limit} operations each get a mark; past that, operations are
 * aggregated into cells ({@code columns} across the run, {@link #ROWS_PER_DECADE} per decade of
 * latency) and each occupied cell gets one mark carrying its count: nothing is dropped, and the
 * chart says how many operations stand behind how many marks.
 */
public final class LatencyScatter {
    public static final int DEFAULT_LIMIT = 50_000;
    public static final int ROWS_PER_DECADE = 20;
    /** Latencies below this are drawn at it (a log axis has no zero). */
    public static final double FLOOR_MS = 0.01;

    /** A mark: invocation time in s, latency in ms, and how many operations it stands for. */
    public record Mark(double seconds, double ms, int count) {
    }

    public record Group(Fn fn, Outcome outcome, List<Mark> marks) {
    }

    /**
     * @param completed operations with a latency (all of them are behind the marks)
     * @param neverCompleted operations with no completion, hence no latency and no mark
     * @param aggregated true when marks stand for cells rather than single operations
     * @param columns    time cells across the run when aggregated
     */
    public record Scatter(List<Group> groups, long completed, long neverCompleted, boolean aggregated, int marks, int columns) {
    }

    private LatencyScatter() {
    }

    public static Scatter of(OpTable ops, double durationSeconds, int limit, int columns) {
        long completed = 0, never = 0;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.completed(i)) completed++;
            else never++;
        }
        boolean aggregate = completed > limit;
        Map<Integer, List<Mark>> raw = new TreeMap<>();
        Map<Integer, Map<Long, int[]>> cells = new TreeMap<>();
        double colWidth = Math.max(durationSeconds, 1e-9) / columns;
        for (int i = 0; i < ops.size(); i++) {
            if (!ops.completed(i)) continue;
            int g = ops.fn[i] * Outcome.values().length + ops.outcome[i];
            double t = ops.invoke[i] / 1e9;
            double ms = Math.max(FLOOR_MS, ops.latencyMs(i));
            if (!aggregate) {
                raw.computeIfAbsent(g, k -> new ArrayList<>()).add(new Mark(t, ms, 1));
            } else {
                long col = Math.min(columns - 1, (long) Math.floor(t / colWidth));
                long row = (long) Math.floor(Math.log10(ms / FLOOR_MS) * ROWS_PER_DECADE);
                cells.computeIfAbsent(g, k -> new HashMap<>()).computeIfAbsent(col * 100_000 + row, k -> new int[1])[0]++;
            }
        }
        List<Group> groups = new ArrayList<>();
        int marks = 0;
        if (!aggregate) {
            for (Map.Entry<Integer, List<Mark>> e : raw.entrySet()) {
                groups.add(group(e.getKey(), e.getValue()));
                marks += e.getValue().size();
            }
        } else {
            for (Map.Entry<Integer, Map<Long, int[]>> e : cells.entrySet()) {
                List<Mark> m = new ArrayList<>(e.getValue().size());
                for (Map.Entry<Long, int[]> c : e.getValue().entrySet()) {
                    long col = c.getKey() / 100_000, row = c.getKey() % 100_000;
                    double t = (col + 0.5) * colWidth;
                    double ms = FLOOR_MS * Math.pow(10, (row + 0.5) / ROWS_PER_DECADE);
                    m.add(new Mark(t, ms, c.getValue()[0]));
                }
                m.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
                groups.add(group(e.getKey(), m));
                marks += m.size();
            }
        }
        return new Scatter(groups, completed, never, aggregate, marks, columns);
    }

    private static Group group(int g, List<Mark> marks) {
        int outcomes = Outcome.values().length;
        return new Group(Fn.values()[g / outcomes], Outcome.values()[g % outcomes], marks);
    }
}
