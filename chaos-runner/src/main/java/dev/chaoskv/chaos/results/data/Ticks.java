package dev.chaoskv.chaos.results.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks at round values, labelled as people write them: 0, 50, 100; 10 s, 1 min 30 s; 1 ms, 1 s; 99.9 %. */
public final class Ticks {
    private static final double[] TIME_STEPS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400};

    /** A tick: where, and its label. */
    public record Tick(double value, String label) {
    }

    private Ticks() {
    }

    /** A round step giving at most about {@code target} intervals over [0, max]: 1, 2 or 5 times a power of ten. */
    public static double step(double max, int target) {
        if (!(max > 0)) return 1;
        double raw = max / target;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * mag >= raw - 1e-12 * mag) return m * mag;
        return 10 * mag;
    }

    /** The axis end: the smallest multiple of the step at or above max (1 for an empty axis). */
    public static double niceMax(double max, int target) {
        if (!(max > 0)) return 1;
        double s = step(max, target);
        return Math.ceil(max / s - 1e-9) * s;
    }

    /** Ticks 0, step, ... up to niceMax(max). */
    public static List<Tick> linear(double max, int target, String unit) {
        double s = step(max, target), top = niceMax(max, target);
        List<Tick> out = new ArrayList<>();
        for (int i = 0; i * s <= top + s * 1e-9; i++) out.add(new Tick(i * s, number(i * s) + (unit.isEmpty() ? "" : " " + unit)));
        return out;
    }

    /** Time ticks over [0, seconds], at most about {@code target} of them, on round seconds or minutes. */
    public static List<Tick> time(double seconds, int target) {
        double step = TIME_STEPS[TIME_STEPS.length - 1];
        for (double s : TIME_STEPS) {
            if (seconds / s <= target) {
                step = s;
                break;
            }
        }
        List<Tick> out = new ArrayList<>();
        for (int i = 0; i * step <= seconds + 1e-9; i++) out.add(new Tick(i * step, seconds(i * step)));
        return out;
    }

    /** Decades from 10^lo to 10^hi ms: 0.01 ms ... 1 ms, 10 ms, 100 ms, 1 s, 10 s. */
    public static List<Tick> logMillis(int lo, int hi) {
        List<Tick> out = new ArrayList<>();
        for (int e = lo; e <= hi; e++) out.add(new Tick(e, millis(Math.pow(10, e))));
        return out;
    }

    /** Percentile axis ticks at x = 0..5 of log10(1/(1-p)): 0 %, 90 %, 99 %, 99.9 %, 99.99 %, 99.999 %. */
    public static List<Tick> percentiles() {
        List<Tick> out = new ArrayList<>();
        out.add(new Tick(0, "0 %"));
        String nines = "90";
        for (int x = 1; x <= PercentileCurve.MAX_X; x++) {
            out.add(new Tick(x, nines + " %"));
            nines = x == 1 ? "99" : nines.contains(".") ? nines + "9" : nines + ".9";
        }
        return out;
    }

    /** 0, 0.5, 2.5, 50, 1,200 (no trailing zeros, at most 3 decimals). */
    public static String number(double v) {
        if (Double.isNaN(v)) return "-";
        if (Math.abs(v - Math.rint(v)) < 1e-9) return String.format(Locale.ROOT, "%,d", (long) Math.rint(v));
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** 0, 0.5 s, 10 s, 2 min, 1 min 30 s, 1 h 5 min. */
    public static String seconds(double s) {
        if (s == 0) return "0";
        if (s < 60) return number(Math.abs(s) >= 10 ? Math.rint(s) : Math.round(s * 10) / 10.0) + " s";
        long whole = Math.round(s);
        long h = whole / 3600, m = (whole % 3600) / 60, sec = whole % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) b.append(h).append(" h");
        if (m > 0) b.append(b.length() > 0 ? " " : "").append(m).append(" min");
        if (sec > 0 && h == 0) b.append(b.length() > 0 ? " " : "").append(sec).append(" s");
        return b.toString();
    }

    /** 0.01 ms, 2.5 ms, 120 ms, 1.5 s (three significant digits at most). */
    public static String millis(double ms) {
        if (Double.isNaN(ms)) return "-";
        if (ms >= 1000) return significant(ms / 1000) + " s";
        return significant(ms) + " ms";
    }

    static String significant(double v) {
        if (v == 0) return "0";
        double mag = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2);
        return number(Math.round(v / mag) * mag);
    }
}
