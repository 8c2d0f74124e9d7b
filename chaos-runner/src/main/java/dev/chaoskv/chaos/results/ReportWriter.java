package dev.chaoskv.chaos.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders report.html: one self-contained page (inline SVG and CSS, no script, no network) with
 * the verdict, the key numbers, throughput, latency and replication-lag plots over time, and
 * every nemesis window shaded on each plot. Pure: data in, HTML out.
 */
public final class ReportWriter {
    /** A line on a plot: points are (seconds since start, value). */
    public record Series(String name, List<double[]> points) {
    }

    /** A shaded nemesis window, seconds since start. */
    public record Span(String label, double start, double end) {
    }

    public record Chart(String title, String unit, List<Series> series) {
    }

    public record Report(String title, String verdict, Map<String, String> numbers, List<Chart> charts,
                         List<Span> spans, double durationSeconds, String checkerSummary) {
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf"};
    private static final int W = 900, H = 240, L = 60, R = 20, T = 30, B = 30;

    private ReportWriter() {
    }

    public static String render(Report r) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(r.title())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:960px}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
                .append(".valid{color:#2ca02c}.invalid{color:#d62728}.unknown{color:#ff7f0e}")
                .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto}svg{display:block;margin:1em 0}")
                .append("</style></head><body>\n");
        String cls = switch (r.verdict()) {
            case "valid" -> "valid";
            case "invalid" -> "invalid";
            default -> "unknown";
        };
        b.append("<h1>").append(esc(r.title())).append("</h1>\n<h2>Verdict: <span class=\"").append(cls).append("\">")
                .append(esc(r.verdict().toUpperCase(Locale.ROOT))).append("</span></h2>\n<table>\n");
        r.numbers().forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                .append("</td></tr>\n"));
        b.append("</table>\n");
        if (!r.spans().isEmpty()) {
            b.append("<p>Shaded: nemesis windows (");
            List<String> labels = new ArrayList<>();
            for (Span s : r.spans()) labels.add(String.format(Locale.ROOT, "%s %.1f&ndash;%.1f s", esc(s.label()), s.start(), s.end()));
            b.append(String.join(", ", labels)).append(").</p>\n");
        }
        for (Chart c : r.charts()) b.append(svg(c, r.spans(), r.durationSeconds()));
        if (r.checkerSummary() != null) b.append("<h2>Checker</h2>\n<pre>").append(esc(r.checkerSummary())).append("</pre>\n");
        b.append("</body></html>\n");
        return b.toString();
    }

    static String svg(Chart c, List<Span> spans, double duration) {
        double xMax = Math.max(1, duration);
        double yMax = 0;
        for (Series s : c.series()) for (double[] p : s.points()) yMax = Math.max(yMax, p[1]);
        yMax = niceCeil(yMax);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<h3>%s</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
                esc(c.title()), W, H, W, H));
        int pw = W - L - R, ph = H - T - B;
        for (Span s : spans) {
            double x0 = L + pw * Math.max(0, s.start()) / xMax;
            double x1 = L + pw * Math.min(xMax, s.end() < 0 ? xMax : s.end()) / xMax;
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f4b6b6\" fill-opacity=\"0.45\"><title>%s</title></rect>\n",
                    x0, T, Math.max(1, x1 - x0), ph, esc(s.label())));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n", L, T, pw, ph));
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double y = T + ph - ph * i / 4.0;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>\n", L - 4, y + 4, fmt(v)));
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n", L, y, L + pw, y));
        }
        for (int i = 0; i <= 5; i++) {
            double v = xMax * i / 5;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s s</text>\n",
                    L + pw * i / 5.0, H - 10, fmt(v)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">%s</text>\n", T - 10, esc(c.unit())));
        int ci = 0;
        for (Series s : c.series()) {
            String color = COLORS[ci % COLORS.length];
            for (List<double[]> segment : segments(s.points())) {
                StringBuilder pts = new StringBuilder();
                for (double[] p : segment) {
                    double x = L + pw * Math.min(p[0], xMax) / xMax;
                    double y = T + ph - (yMax == 0 ? 0 : ph * p[1] / yMax);
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    if (segment.size() == 1) {
                        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\"/>\n", x, y, color));
                    }
                }
                if (segment.size() > 1) {
                    b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"")
                            .append(pts.toString().trim()).append("\"/>\n");
                }
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>\n",
                    L + 10 + 110 * ci, T - 10, color, esc(s.name())));
            ci++;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /**
     * Splits a series where samples are missing (e.g. a node's lag is only sampled while it is a
     * follower): a gap over three typical steps is left blank instead of drawn as a straight line,
     * which would show a trend that was never measured.
     */
    static List<List<double[]>> segments(List<double[]> points) {
        List<List<double[]>> out = new java.util.ArrayList<>();
        if (points.isEmpty()) return out;
        double[] steps = new double[Math.max(0, points.size() - 1)];
        for (int i = 1; i < points.size(); i++) steps[i - 1] = points.get(i)[0] - points.get(i - 1)[0];
        double limit = Double.MAX_VALUE;
        if (steps.length > 0) {
            double[] sorted = steps.clone();
            java.util.Arrays.sort(sorted);
            limit = 3 * Math.max(sorted[sorted.length / 2], 1e-9);
        }
        List<double[]> current = new java.util.ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (i > 0 && steps[i - 1] > limit) {
                out.add(current);
                current = new java.util.ArrayList<>();
            }
            current.add(points.get(i));
        }
        out.add(current);
        return out;
    }

    static double niceCeil(double v) {
        if (v <= 0) return 1;
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) if (m * mag >= v) return m * mag;
        return 10 * mag;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
