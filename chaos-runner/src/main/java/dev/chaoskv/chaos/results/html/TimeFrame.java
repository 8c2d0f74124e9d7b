package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.data.FaultWindows;
import dev.chaoskv.chaos.results.data.Ticks;

import java.util.List;

/**
 * The frame every time chart of a report shares: the same width, margins and time axis, and the
 * fault windows shaded (and labelled above the first chart, named in every band's tooltip), so
 * that the charts line up one above the other.
 */
public final class TimeFrame {
    public static final int WIDTH = 960, LEFT = 70, RIGHT = 20;
    static final int PLOT = WIDTH - LEFT - RIGHT;

    private final double seconds;
    private final List<FaultWindows.Window> faults;
    private final double faultEndDefault;
    private final java.util.Map<String, Double> markers = new java.util.LinkedHashMap<>();
    private int top, height;
    private String id;

    /** @param seconds the axis end; @param faultEndDefault where a fault never undone on its own ends (s) */
    public TimeFrame(double seconds, List<FaultWindows.Window> faults, double faultEndDefault) {
        this.seconds = Math.max(1, seconds);
        this.faults = faults;
        this.faultEndDefault = faultEndDefault;
    }

    /** A dashed vertical line at {@code seconds} on every chart, named in its tooltip (and above the first chart). */
    public TimeFrame marker(String label, double seconds) {
        markers.put(label, seconds);
        return this;
    }

    public double seconds() {
        return seconds;
    }

    public double x(double t) {
        return LEFT + PLOT * Math.max(0, Math.min(t, seconds)) / seconds;
    }

    /**
     * Opens a chart: the svg element, its frame, the time axis (group "xt", redrawn by the zoom
     * script) and, on the first chart, the fault labels. The caller draws its value axis, then
     * {@link #marks}, its marks, then {@link #close}.
     */
    StringBuilder open(StringBuilder b, String id, int height, int top, int bottom, boolean labels) {
        this.top = top;
        this.height = height - top - bottom;
        this.id = id;
        b.append("<svg class=\"chart time\" id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" data-left=\"").append(LEFT).append("\" data-plot=\"").append(PLOT).append("\" data-seconds=\"")
                .append(Html.f1(seconds)).append("\">\n<defs><clipPath id=\"clip-").append(id).append("\"><rect x=\"").append(LEFT)
                .append("\" y=\"").append(top).append("\" width=\"").append(PLOT).append("\" height=\"").append(this.height)
                .append("\"/></clipPath></defs>\n");
        if (labels) {
            // Two rows of labels; a label that would overlap the one before it in both rows is left out
            // (the band's tooltip and the fault table still name it).
            double[] freeFrom = {0, 0};
            b.append("<g class=\"fl\">");
            for (FaultWindows.Window w : faults) {
                double x = x(w.start() / 1e9) + 2, width = 6 * w.kind().length();
                int row = freeFrom[0] <= x ? 0 : freeFrom[1] <= x ? 1 : -1;
                if (row < 0) continue;
                freeFrom[row] = x + width + 4;
                b.append("<text x=\"").append(Html.f1(x)).append("\" y=\"").append(top - 4 - 11 * row)
                        .append("\" style=\"font-size:10px\" fill=\"").append(faultColor(w.kind())).append("\">")
                        .append(Html.esc(w.kind())).append("</text>");
            }
            boolean left = true; // the first marker's label to the left of its line, the next to the right, so that close ones do not overlap
            for (var m : markers.entrySet()) {
                b.append("<text x=\"").append(Html.f1(x(m.getValue()) + (left ? -2 : 2))).append("\" y=\"").append(top - 26)
                        .append("\" text-anchor=\"").append(left ? "end" : "start").append("\" style=\"font-size:10px\" fill=\"#555\">")
                        .append(Html.esc(left ? m.getKey() + " ↓" : "↓ " + m.getKey())).append("</text>");
                left = !left;
            }
            b.append("</g>\n");
        }
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"").append(PLOT).append("\" height=\"")
                .append(this.height).append("\" fill=\"none\" stroke=\"#999\"/>\n<g class=\"xt\" data-y=\"").append(top + this.height).append("\">");
        for (Ticks.Tick t : Ticks.time(seconds, 12)) {
            double x = x(t.value());
            b.append("<line x1=\"").append(Html.f1(x)).append("\" x2=\"").append(Html.f1(x)).append("\" y1=\"").append(top + this.height)
                    .append("\" y2=\"").append(top + this.height + 4).append("\" stroke=\"#999\"/><text x=\"").append(Html.f1(x)).append("\" y=\"")
                    .append(top + this.height + 15).append("\" text-anchor=\"middle\">").append(Html.esc(t.label())).append("</text>");
        }
        return b.append("</g>\n");
    }

    /** Starts the zoomable, clipped layer: the shaded fault windows, then the caller's marks. */
    void marks(StringBuilder b) {
        b.append("<g clip-path=\"url(#clip-").append(id).append(")\"><g class=\"z\">\n");
        for (FaultWindows.Window w : faults) {
            double x0 = x(w.start() / 1e9), x1 = x(w.end() < 0 ? faultEndDefault : w.end() / 1e9);
            b.append("<rect class=\"fault\" x=\"").append(Html.f1(x0)).append("\" y=\"").append(top).append("\" width=\"")
                    .append(Html.f1(Math.max(1, x1 - x0))).append("\" height=\"").append(height).append("\" fill=\"")
                    .append(faultColor(w.kind())).append("\" fill-opacity=\"0.16\"><title>").append(Html.esc(w.kind() + " " + w.targets()
                            + ", " + Ticks.seconds(w.start() / 1e9) + " to " + (w.end() < 0 ? "the final heal" : Ticks.seconds(w.end() / 1e9))))
                    .append("</title></rect>\n");
        }
        for (var m : markers.entrySet()) {
            double x = x(m.getValue());
            b.append("<line x1=\"").append(Html.f1(x)).append("\" x2=\"").append(Html.f1(x)).append("\" y1=\"").append(top).append("\" y2=\"")
                    .append(top + height).append("\" stroke=\"#555\" stroke-dasharray=\"4 3\" vector-effect=\"non-scaling-stroke\"><title>")
                    .append(Html.esc(m.getKey() + " at " + Ticks.seconds(m.getValue()))).append("</title></line>\n");
        }
    }

    String close() {
        return "</g></g>\n</svg>\n";
    }

    /** A colour per fault family: partitions and connection resets red, kills purple, pauses orange, slow or lossy links blue. */
    static String faultColor(String kind) {
        if (kind.startsWith("partition") || kind.equals("reset-peer")) return "#c62828";
        if (kind.startsWith("kill")) return "#6a1b9a";
        if (kind.startsWith("pause")) return "#e65100";
        if (kind.startsWith("latency") || kind.equals("bandwidth") || kind.equals("slicer") || kind.equals("packet-loss")) return "#1565c0";
        return "#555";
    }
}
