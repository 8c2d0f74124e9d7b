package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.data.PercentileCurve;
import dev.chaoskv.chaos.results.data.Ticks;

import java.util.List;
import java.util.Locale;

/**
 * Percentile distributions as HdrHistogram plots them: value against percentile on a log
 * 1/(1-p) axis from 0 to 99.999 %, one curve per series, each linked to the .hgrm it was read from.
 */
public final class DistributionChart {
    static final int WIDTH = 960, LEFT = 70, RIGHT = 20, TOP = 14, BOTTOM = 26, HEIGHT = 240;

    /** One curve: its label, the file it came from (linked) and the distribution. */
    public record Curve(String label, String file, PercentileCurve.Curve data) {
    }

    private DistributionChart() {
    }

    /** @param logValues log axis for the values (latency), else linear from 0 (lag in records) */
    public static String render(String id, String title, String unit, boolean logValues, List<Curve> curves) {
        StringBuilder b = new StringBuilder("<h3>").append(Html.esc(title)).append("</h3>\n");
        String[] names = new String[curves.size()], colors = new String[curves.size()];
        for (int i = 0; i < curves.size(); i++) {
            names[i] = curves.get(i).label();
            colors[i] = TimeCharts.NODE_COLORS[i % TimeCharts.NODE_COLORS.length];
        }
        b.append(TimeCharts.legend(names, colors));
        int pw = WIDTH - LEFT - RIGHT, ph = HEIGHT - TOP - BOTTOM;
        b.append("<svg class=\"chart dist\" id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n");
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(pw).append("\" height=\"").append(ph)
                .append("\" fill=\"none\" stroke=\"#999\"/>\n");
        double min = Double.MAX_VALUE, max = 0;
        for (Curve c : curves) for (PercentileCurve.Point p : c.data().points()) {
            if (p.value() > 0) min = Math.min(min, p.value());
            max = Math.max(max, p.value());
        }
        YAxis y = logValues ? YAxis.logMillis(max == 0 ? 1 : min, max == 0 ? 10 : max, TOP, ph) : YAxis.linear(max, TOP, ph, unit);
        y.draw(b, LEFT, pw);
        for (Ticks.Tick t : Ticks.percentiles()) {
            double x = LEFT + pw * t.value() / PercentileCurve.MAX_X;
            b.append("<line x1=\"").append(Html.f1(x)).append("\" x2=\"").append(Html.f1(x)).append("\" y1=\"").append(TOP).append("\" y2=\"")
                    .append(TOP + ph + 4).append("\" stroke=\"#eee\"/><text x=\"").append(Html.f1(x)).append("\" y=\"").append(TOP + ph + 16)
                    .append("\" text-anchor=\"middle\">").append(t.label()).append("</text>\n");
        }
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            StringBuilder d = new StringBuilder();
            String lastX = null, lastY = null;
            for (PercentileCurve.Point p : PercentileCurve.plotted(c.data())) {
                lastX = Html.f1(LEFT + pw * p.x() / PercentileCurve.MAX_X);
                lastY = Html.f1(y.y(p.value()));
                d.append(d.length() == 0 ? 'M' : 'L').append(lastX).append(' ').append(lastY);
            }
            if (d.length() > 0) d.append("h0");
            b.append("<path class=\"mark\" fill=\"none\" stroke-linecap=\"round\" stroke-width=\"1.8\" stroke=\"").append(colors[i]).append("\" d=\"")
                    .append(d).append("\"><title>").append(Html.esc(c.label())).append("</title></path>\n");
            // A distribution of one value (a single failed op) is a point: without a dot it would not show.
            if (lastX != null) b.append("<circle class=\"mark\" r=\"2.5\" cx=\"").append(lastX).append("\" cy=\"").append(lastY)
                    .append("\" fill=\"").append(colors[i]).append("\"/>\n");
        }
        b.append("</svg>\n<p class=\"note\">Percentile distribution files: ");
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            if (i > 0) b.append(", ");
            b.append("<a href=\"").append(Html.esc(c.file())).append("\">").append(Html.esc(c.file())).append("</a>")
                    .append(String.format(Locale.ROOT, " (%,d)", c.data().totalCount()));
        }
        return b.append("</p>\n").toString();
    }
}
