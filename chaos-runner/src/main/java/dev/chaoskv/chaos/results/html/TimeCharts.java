package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.data.LagSeries;
import dev.chaoskv.chaos.results.data.LatencyScatter;
import dev.chaoskv.chaos.results.data.PerSecond;
import dev.chaoskv.chaos.results.data.Ticks;
import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Outcome;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The report's time series, each an inline SVG on the shared {@link TimeFrame}. */
public final class TimeCharts {
    static final String[] NODE_COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"};
    private static final int TOP = 34, BOTTOM = 24;

    private final TimeFrame frame;

    public TimeCharts(TimeFrame frame) {
        this.frame = frame;
    }

    static String outcomeColor(Outcome o) {
        return switch (o) {
            case OK -> "#2ca02c";
            case FAIL -> "#d62728";
            case INFO -> "#ff7f0e";
        };
    }

    /** Op type by shape: read a dot, write a square, cas a triangle, delete a diamond, add a plus. */
    static String shapeName(Fn f) {
        return switch (f) {
            case READ -> "dot";
            case WRITE -> "square";
            case CAS -> "triangle";
            case DELETE -> "diamond";
            case ADD -> "plus";
        };
    }

    /** One mark of an op type's shape at (x, y), as path data. */
    static void shape(StringBuilder d, Fn f, double x, double y) {
        String xs = Html.f1(x), ys = Html.f1(y);
        switch (f) {
            case READ, WRITE -> d.append('M').append(xs).append(' ').append(ys).append("h0");
            case CAS -> d.append('M').append(xs).append(' ').append(Html.f1(y - 3)).append("l3 5h-6z");
            case DELETE -> d.append('M').append(xs).append(' ').append(Html.f1(y - 3)).append("l3 3-3 3-3-3z");
            case ADD -> d.append('M').append(Html.f1(x - 3)).append(' ').append(ys).append("h6m-3-3v6");
        }
    }

    static String shapeStyle(Fn f, String color) {
        return switch (f) {
            case READ -> "fill=\"none\" stroke=\"" + color + "\" stroke-width=\"4\" stroke-linecap=\"round\" vector-effect=\"non-scaling-stroke\"";
            case WRITE -> "fill=\"none\" stroke=\"" + color + "\" stroke-width=\"3.5\" stroke-linecap=\"square\" vector-effect=\"non-scaling-stroke\"";
            case CAS, DELETE -> "fill=\"" + color + "\" stroke=\"none\"";
            case ADD -> "fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.2\" vector-effect=\"non-scaling-stroke\"";
        };
    }

    public String latencyScatter(LatencyScatter.Scatter s) {
        int h = 300;
        StringBuilder b = new StringBuilder();
        double min = Double.MAX_VALUE, max = 0;
        for (LatencyScatter.Group g : s.groups()) for (LatencyScatter.Mark m : g.marks()) {
            min = Math.min(min, m.ms());
            max = Math.max(max, m.ms());
        }
        b.append("<h3>Latency of every operation</h3>\n<p class=\"note\">One mark per operation at its invocation time; colour is the outcome (")
                .append(legendOutcomes()).append("), shape the op type (read dot, write square, cas triangle, delete diamond, add plus). ");
        if (s.aggregated()) {
            b.append(String.format(Locale.ROOT, "<b>Aggregated:</b> %,d completed operations are too many to draw one by one, so they are grouped "
                    + "into cells (1/%d of the run's time by 1/%d of a decade of latency) per op type and outcome, and each occupied cell is "
                    + "one mark: %,d marks stand for all %,d operations; none is left out.", s.completed(), s.columns(), LatencyScatter.ROWS_PER_DECADE, s.marks(), s.completed()));
        } else {
            b.append(String.format(Locale.ROOT, "%,d operations, every one drawn.", s.completed()));
        }
        if (s.neverCompleted() > 0) b.append(String.format(Locale.ROOT, " %,d operation(s) never completed and have no latency.", s.neverCompleted()));
        b.append("</p>\n");
        frame.open(b, "latency-scatter", h, TOP, BOTTOM, true);
        YAxis y = YAxis.logMillis(max == 0 ? 1 : min, max == 0 ? 10 : max, TOP, h - TOP - BOTTOM);
        y.draw(b, TimeFrame.LEFT, TimeFrame.PLOT);
        frame.marks(b);
        for (LatencyScatter.Group g : s.groups()) {
            StringBuilder d = new StringBuilder(g.marks().size() * 16);
            for (LatencyScatter.Mark m : g.marks()) shape(d, g.fn(), frame.x(m.seconds()), y.y(m.ms()));
            b.append("<path class=\"mark\" ").append(shapeStyle(g.fn(), outcomeColor(g.outcome()))).append(" opacity=\"0.55\" d=\"")
                    .append(d).append("\"><title>").append(g.fn().wireName()).append(' ').append(g.outcome().wireName()).append(": ")
                    .append(String.format(Locale.ROOT, "%,d", g.marks().stream().mapToLong(LatencyScatter.Mark::count).sum()))
                    .append(" operations</title></path>\n");
        }
        return b.append(frame.close()).toString();
    }

    public String latencyPerSecond(List<PerSecond.Bucket> buckets) {
        int h = 240;
        StringBuilder b = new StringBuilder("<h3>Latency of ok operations per second: p50, p95, p99, max</h3>\n");
        double min = Double.MAX_VALUE, max = 0;
        for (PerSecond.Bucket k : buckets) if (!Double.isNaN(k.p50())) {
            min = Math.min(min, k.p50());
            max = Math.max(max, k.max());
        }
        String[] names = {"p50", "p95", "p99", "max"};
        String[] colors = {"#1f77b4", "#2ca02c", "#ff7f0e", "#d62728"};
        b.append(legend(names, colors));
        frame.open(b, "latency-per-second", h, TOP, BOTTOM, false);
        YAxis y = YAxis.logMillis(max == 0 ? 1 : min, max == 0 ? 10 : max, TOP, h - TOP - BOTTOM);
        y.draw(b, TimeFrame.LEFT, TimeFrame.PLOT);
        frame.marks(b);
        List<ToDoubleFunction<PerSecond.Bucket>> fs = List.of(PerSecond.Bucket::p50, PerSecond.Bucket::p95, PerSecond.Bucket::p99, PerSecond.Bucket::max);
        for (int i = 0; i < 4; i++) {
            b.append("<path class=\"mark\" fill=\"none\" stroke=\"").append(colors[i]).append("\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\" d=\"")
                    .append(steps(buckets, fs.get(i), y)).append("\"/>\n");
        }
        return b.append(frame.close()).toString();
    }

    /** A line through the middle of each second, broken where a second has no value. */
    private String steps(List<PerSecond.Bucket> buckets, ToDoubleFunction<PerSecond.Bucket> f, YAxis y) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (PerSecond.Bucket k : buckets) {
            double v = f.applyAsDouble(k);
            if (Double.isNaN(v)) {
                pen = false;
                continue;
            }
            d.append(pen ? 'L' : 'M').append(Html.f1(frame.x(k.second() + 0.5))).append(' ').append(Html.f1(y.y(v)));
            if (!pen) d.append("h0");
            pen = true;
        }
        return d.toString();
    }

    public String throughput(List<PerSecond.Bucket> buckets) {
        int h = 220;
        StringBuilder b = new StringBuilder("<h3>Throughput: completions per second by outcome (stacked)</h3>\n");
        b.append(legend(new String[]{"ok", "fail", "info"}, new String[]{outcomeColor(Outcome.OK), outcomeColor(Outcome.FAIL), outcomeColor(Outcome.INFO)}));
        frame.open(b, "throughput", h, TOP, BOTTOM, false);
        double max = buckets.stream().mapToInt(PerSecond.Bucket::total).max().orElse(0);
        YAxis y = YAxis.linear(max, TOP, h - TOP - BOTTOM, "");
        y.draw(b, TimeFrame.LEFT, TimeFrame.PLOT);
        frame.marks(b);
        StringBuilder ok = new StringBuilder(), fail = new StringBuilder(), info = new StringBuilder();
        for (PerSecond.Bucket k : buckets) {
            double x0 = frame.x(k.second()), w = Math.max(0.5, frame.x(k.second() + 1) - x0 - 0.3);
            bar(ok, x0, w, y, 0, k.ok());
            bar(fail, x0, w, y, k.ok(), k.ok() + k.fail());
            bar(info, x0, w, y, k.ok() + k.fail(), k.total());
        }
        b.append("<path class=\"mark\" fill=\"").append(outcomeColor(Outcome.OK)).append("\" d=\"").append(ok).append("\"/>\n");
        b.append("<path class=\"mark\" fill=\"").append(outcomeColor(Outcome.FAIL)).append("\" d=\"").append(fail).append("\"/>\n");
        b.append("<path class=\"mark\" fill=\"").append(outcomeColor(Outcome.INFO)).append("\" d=\"").append(info).append("\"/>\n");
        return b.append(frame.close()).toString();
    }

    private static void bar(StringBuilder d, double x, double w, YAxis y, double from, double to) {
        if (to <= from) return;
        double y0 = y.y(from), y1 = y.y(to);
        d.append('M').append(Html.f1(x)).append(' ').append(Html.f1(y0)).append('h').append(Html.f1(w)).append('V').append(Html.f1(y1))
                .append('h').append(Html.f1(-w)).append('z');
    }

    public String lag(Map<String, List<LagSeries.Point>> lag, List<String> nodes) {
        int h = 220;
        StringBuilder b = new StringBuilder("<h3>Replication lag per follower (leader's commit LSN minus the follower's applied LSN)</h3>\n");
        String[] names = nodes.toArray(String[]::new), colors = new String[names.length];
        for (int i = 0; i < names.length; i++) colors[i] = NODE_COLORS[i % NODE_COLORS.length];
        b.append(legend(names, colors));
        if (lag.isEmpty()) b.append("<p class=\"note\">No follower lag samples (lag.jsonl missing, or no leader was ever sampled).</p>\n");
        frame.open(b, "lag", h, TOP, BOTTOM, false);
        long max = lag.values().stream().flatMap(List::stream).mapToLong(LagSeries.Point::lag).max().orElse(0);
        YAxis y = YAxis.linear(max, TOP, h - TOP - BOTTOM, "");
        y.draw(b, TimeFrame.LEFT, TimeFrame.PLOT);
        frame.marks(b);
        for (int i = 0; i < names.length; i++) {
            List<LagSeries.Point> pts = lag.getOrDefault(names[i], List.of());
            if (pts.isEmpty()) continue;
            StringBuilder d = new StringBuilder();
            long prev = Long.MIN_VALUE;
            for (LagSeries.Point p : pts) {
                // a gap of over 2 s (the node led, or did not answer) is left blank, not bridged
                boolean jump = prev == Long.MIN_VALUE || p.time() - prev > 2_000_000_000L;
                d.append(jump ? 'M' : 'L').append(Html.f1(frame.x(p.time() / 1e9))).append(' ').append(Html.f1(y.y(p.lag())));
                if (jump) d.append("h0");
                prev = p.time();
            }
            b.append("<path class=\"mark\" fill=\"none\" stroke-linecap=\"round\" stroke=\"").append(colors[i]).append("\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\" d=\"")
                    .append(d).append("\"><title>").append(Html.esc(names[i])).append("</title></path>\n");
        }
        return b.append(frame.close()).toString();
    }

    public String roles(Map<String, List<LagSeries.RoleSpan>> roles, List<String> nodes) {
        int lane = 16, h = TOP + BOTTOM + Math.max(1, nodes.size()) * lane + 4;
        StringBuilder b = new StringBuilder("<h3>Leader and role per node</h3>\n");
        String[] names = {"leader", "follower", "candidate / other", "not answering"};
        String[] colors = {"#1f4e9c", "#b8d4ee", "#f2c14e", "#555"};
        b.append(legend(names, colors));
        frame.open(b, "roles", h, TOP, BOTTOM, false);
        for (int i = 0; i < nodes.size(); i++) {
            b.append("<text x=\"").append(TimeFrame.LEFT - 5).append("\" y=\"").append(TOP + 13 + i * lane).append("\" text-anchor=\"end\">")
                    .append(Html.esc(nodes.get(i))).append("</text>\n");
        }
        frame.marks(b);
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            int y = TOP + 2 + i * lane;
            for (LagSeries.RoleSpan s : roles.getOrDefault(node, List.of())) {
                double x0 = frame.x(s.start() / 1e9), x1 = frame.x(s.end() / 1e9);
                String color = switch (s.role()) {
                    case "leader" -> colors[0];
                    case "follower" -> colors[1];
                    case "down" -> colors[3];
                    default -> colors[2];
                };
                b.append("<rect class=\"mark\" x=\"").append(Html.f1(x0)).append("\" y=\"").append(y).append("\" width=\"")
                        .append(Html.f1(Math.max(0.5, x1 - x0))).append("\" height=\"").append(lane - 3).append("\" fill=\"").append(color)
                        .append("\"><title>").append(Html.esc(node + " " + s.role() + " " + Ticks.seconds(s.start() / 1e9) + " to " + Ticks.seconds(s.end() / 1e9)))
                        .append("</title></rect>\n");
            }
        }
        return b.append(frame.close()).toString();
    }

    static String legend(String[] names, String[] colors) {
        StringBuilder b = new StringBuilder("<div class=\"legend\">");
        for (int i = 0; i < names.length; i++) {
            b.append("<span><i style=\"background:").append(colors[i]).append("\"></i>").append(Html.esc(names[i])).append("</span>");
        }
        return b.append("</div>\n").toString();
    }

    private static String legendOutcomes() {
        return "<b style=\"color:" + outcomeColor(Outcome.OK) + "\">ok</b>, <b style=\"color:" + outcomeColor(Outcome.FAIL)
                + "\">fail</b>, <b style=\"color:" + outcomeColor(Outcome.INFO) + "\">info</b>";
    }
}
