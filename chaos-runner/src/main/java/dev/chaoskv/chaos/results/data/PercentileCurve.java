package dev.chaoskv.chaos.results.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A percentile distribution as HdrHistogram prints it ({@code outputPercentileDistribution}):
 * rows of value, percentile (0..1), total count and 1/(1-percentile). Plotted against
 * log10(1/(1-p)), where 90 % is 1, 99 % is 2 ... and 99.999 % is {@link #MAX_X}.
 */
public final class PercentileCurve {
    /** log10(1/(1-0.99999)): the right end of the axis. */
    public static final double MAX_X = 5;

    /** One row: the value at (or below which lie) {@code percentile} of the samples. */
    public record Point(double percentile, double value) {
        /** Position on the log 1/(1-p) axis, capped at {@link #MAX_X} (p = 1 is infinitely far right). */
        public double x() {
            return percentile >= 1 ? MAX_X : Math.min(MAX_X, Math.log10(1 / (1 - percentile)));
        }
    }

    public record Curve(List<Point> points, long totalCount) {
        public boolean isEmpty() {
            return points.isEmpty();
        }

        public double maxValue() {
            return points.stream().mapToDouble(Point::value).max().orElse(0);
        }
    }

    private PercentileCurve() {
    }

    /** Parses the text; rows that are not four numbers (headers, the #[Mean ...] footer) are skipped. */
    public static Curve parse(String hgrm) {
        List<Point> pts = new ArrayList<>();
        long total = 0;
        for (String line : hgrm.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4 || line.startsWith("#")) continue;
            try {
                double value = Double.parseDouble(f[0]);
                double p = Double.parseDouble(f[1]);
                long count = Long.parseLong(f[2]);
                if (p < 0 || p > 1) continue;
                pts.add(new Point(p, value));
                total = Math.max(total, count);
            } catch (NumberFormatException e) {
                // a header row ("Value Percentile TotalCount 1/(1-Percentile)")
            }
        }
        return new Curve(pts, total);
    }

    /** The points up to the axis end: everything below 99.999 %, then one point at the end. */
    public static List<Point> plotted(Curve c) {
        List<Point> out = new ArrayList<>();
        Point last = null;
        for (Point p : c.points()) {
            if (p.x() < MAX_X) {
                out.add(p);
            } else if (last == null || p.value() > last.value()) {
                last = p;
            }
        }
        if (last != null) out.add(new Point(1 - Math.pow(10, -MAX_X), last.value()));
        return out;
    }
}
