package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.data.Ticks;

import java.util.List;
import java.util.function.DoubleFunction;

/** A small trend line, oldest left, newest right; a missing value leaves a gap; the newest value is written beside it. */
final class Sparkline {
    static final int WIDTH = 130, HEIGHT = 26, LABEL = 60;

    private Sparkline() {
    }

    /** @param values oldest first, null = no figure for that run; @param bad runs drawn as red dots (invalid verdicts) */
    static String render(List<Double> values, List<Boolean> bad, DoubleFunction<String> format) {
        double max = 0;
        int known = 0;
        for (Double v : values) if (v != null) {
            max = Math.max(max, v);
            known++;
        }
        StringBuilder b = new StringBuilder("<svg class=\"chart spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH + LABEL)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH + LABEL).append(' ').append(HEIGHT).append("\">");
        if (known == 0) return "<span class=\"note\">no data</span>";
        double top = max == 0 ? 1 : max;
        int n = values.size();
        StringBuilder d = new StringBuilder(), dots = new StringBuilder();
        boolean pen = false;
        Double last = null;
        double lastX = 0, lastY = 0;
        for (int i = 0; i < n; i++) {
            Double v = values.get(i);
            if (v == null) {
                pen = false;
                continue;
            }
            double x = n == 1 ? WIDTH / 2.0 : 3 + (WIDTH - 6) * i / (double) (n - 1), y = HEIGHT - 3 - (HEIGHT - 6) * v / top;
            d.append(pen ? 'L' : 'M').append(Html.f1(x)).append(' ').append(Html.f1(y));
            if (!pen) d.append("h0");
            pen = true;
            if (bad.get(i)) dots.append("<circle cx=\"").append(Html.f1(x)).append("\" cy=\"").append(Html.f1(y)).append("\" r=\"2.5\" fill=\"#c62828\"/>");
            last = v;
            lastX = x;
            lastY = y;
        }
        b.append("<path class=\"mark\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" stroke-linecap=\"round\" d=\"").append(d).append("\"><title>")
                .append(known).append(" run(s), highest ").append(Html.esc(format.apply(max))).append("</title></path>").append(dots)
                // the newest run, also the only mark when there is one run
                .append("<circle class=\"mark\" cx=\"").append(Html.f1(lastX)).append("\" cy=\"").append(Html.f1(lastY)).append("\" r=\"2\" fill=\"#1f77b4\"/>");
        b.append("<text x=\"").append(WIDTH + 4).append("\" y=\"17\">").append(Html.esc(last == null ? "-" : format.apply(last))).append("</text>");
        return b.append("</svg>").toString();
    }

    static String seconds(double s) {
        return Ticks.seconds(s);
    }
}
