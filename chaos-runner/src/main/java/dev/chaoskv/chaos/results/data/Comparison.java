package dev.chaoskv.chaos.results.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two runs' key figures side by side: the change of each, and whether it is a regression (worse
 * by more than a threshold, relative to the first run, and by more than the figure's noise
 * floor). A figure is not comparable when the runs differ in what drives it (another workload),
 * or when only one run has it.
 */
public final class Comparison {
    /** Which way is better. */
    public enum Better { HIGHER, LOWER, NEITHER }

    /**
     * A figure to compare.
     *
     * @param floor changes smaller than this (in the figure's unit) never count as regressions
     * @param loadBound true when the figure depends on the workload (latency, throughput, lag, recovery)
     */
    public record Figure(String name, String unit, Double a, Double b, Better better, double floor, boolean loadBound) {
    }

    /**
     * A compared figure.
     *
     * @param relative change relative to A (0.25 = 25 % higher), null when A is 0 or either is missing
     * @param regression worse by more than the threshold and the floor
     * @param note       why it is not comparable, or ""
     */
    public record Row(Figure figure, Double delta, Double relative, boolean comparable, boolean regression, String note) {
    }

    private Comparison() {
    }

    /**
     * @param threshold relative worsening that counts as a regression (0.2 = 20 %)
     * @param workloadA the first run's workload (null if unknown)
     */
    public static List<Row> compare(List<Figure> figures, double threshold, String workloadA, String workloadB) {
        boolean sameLoad = Objects.equals(workloadA, workloadB);
        List<Row> rows = new ArrayList<>();
        for (Figure f : figures) {
            if (f.a() == null || f.b() == null) {
                rows.add(new Row(f, null, null, false, false, f.a() == null && f.b() == null ? "no figure in either run" : "only in " + (f.a() == null ? "B" : "A")));
                continue;
            }
            double delta = f.b() - f.a();
            Double relative = f.a() == 0 ? null : delta / Math.abs(f.a());
            if (f.loadBound() && !sameLoad) {
                rows.add(new Row(f, delta, relative, false, false, "not comparable: workload " + workloadA + " vs " + workloadB));
                continue;
            }
            double worse = switch (f.better()) {
                case HIGHER -> -delta;
                case LOWER -> delta;
                case NEITHER -> 0;
            };
            boolean regression = worse > f.floor() && (f.a() == 0 || worse / Math.abs(f.a()) > threshold);
            rows.add(new Row(f, delta, relative, true, regression, ""));
        }
        return rows;
    }

    /** Parses "20%", "20 %", "0.2" into a fraction; throws IllegalArgumentException naming the text otherwise. */
    public static double parseThreshold(String text) {
        String t = text.trim();
        try {
            double v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100 : Double.parseDouble(t);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a percentage (e.g. 20%)");
        }
    }
}
