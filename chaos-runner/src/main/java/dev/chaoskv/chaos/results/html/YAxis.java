package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.data.Ticks;

import java.util.List;

/** A chart's value axis, linear from 0 or logarithmic over whole decades, with its ticks and grid lines. */
final class YAxis {
    private final boolean log;
    private final double lo, hi;
    private final int top, height;
    private final List<Ticks.Tick> ticks;

    private YAxis(boolean log, double lo, double hi, int top, int height, List<Ticks.Tick> ticks) {
        this.log = log;
        this.lo = lo;
        this.hi = hi;
        this.top = top;
        this.height = height;
        this.ticks = ticks;
    }

    /** 0 .. a round value at or above max, labelled "0, 50, 100". */
    static YAxis linear(double max, int top, int height, String unit) {
        return new YAxis(false, 0, Ticks.niceMax(max, 4), top, height, Ticks.linear(max, 4, unit));
    }

    /** Whole decades of milliseconds covering [min, max]. */
    static YAxis logMillis(double min, double max, int top, int height) {
        int lo = (int) Math.floor(Math.log10(Math.max(min, 1e-2)));
        int hi = (int) Math.ceil(Math.log10(Math.max(max, 1e-2)));
        if (hi <= lo) hi = lo + 1;
        return new YAxis(true, lo, hi, top, height, Ticks.logMillis(lo, hi));
    }

    double y(double v) {
        double f = log ? (Math.log10(Math.max(v, Math.pow(10, lo))) - lo) / (hi - lo) : (v - lo) / (hi - lo);
        return top + height - height * Math.max(0, Math.min(1, f));
    }

    void draw(StringBuilder b, int left, int width) {
        for (Ticks.Tick t : ticks) {
            double y = log ? top + height - height * (t.value() - lo) / (hi - lo) : y(t.value());
            b.append("<line x1=\"").append(left).append("\" x2=\"").append(left + width).append("\" y1=\"").append(Html.f1(y))
                    .append("\" y2=\"").append(Html.f1(y)).append("\" stroke=\"#eee\"/><text x=\"").append(left - 5).append("\" y=\"")
                    .append(Html.f1(y + 4)).append("\" text-anchor=\"end\">").append(Html.esc(t.label())).append("</text>\n");
        }
    }
}
