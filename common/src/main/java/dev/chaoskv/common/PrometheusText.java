package dev.chaoskv.common;

import java.math.BigDecimal;

/**
 * Writes the Prometheus text exposition format 0.0.4: each family's HELP and TYPE lines, then
 * its samples {@code name{label="value",...} value}. Label pairs are given flat, name then value.
 * Built on a scrape, never on a hot path.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a metric family; {@code type} is counter, gauge, histogram, summary or untyped. */
    public PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A family with one unlabelled sample. */
    public PrometheusText counter(String name, String help, long value) {
        return family(name, "counter", help).sample(name, value);
    }

    /** A family with one unlabelled sample. */
    public PrometheusText gauge(String name, String help, long value) {
        return family(name, "gauge", help).sample(name, value);
    }

    public PrometheusText sample(String name, long value, String... labels) {
        name(name, labels);
        out.append(value).append('\n');
        return this;
    }

    public PrometheusText sample(String name, double value, String... labels) {
        name(name, labels);
        out.append(number(value)).append('\n');
        return this;
    }

    /**
     * A histogram's samples: {@code _bucket} per upper bound (cumulative, {@code le="+Inf"} last),
     * {@code _sum} and {@code _count}. {@code cumulative} has one entry per bound plus the +Inf
     * one, which is the count.
     */
    public PrometheusText histogram(String name, double[] upperBounds, long[] cumulative, double sum, String... labels) {
        if (cumulative.length != upperBounds.length + 1) {
            throw new IllegalArgumentException(upperBounds.length + " bounds need " + (upperBounds.length + 1) + " counts, got " + cumulative.length);
        }
        String[] withLe = new String[labels.length + 2];
        System.arraycopy(labels, 0, withLe, 0, labels.length);
        withLe[labels.length] = "le";
        for (int i = 0; i <= upperBounds.length; i++) {
            withLe[labels.length + 1] = i < upperBounds.length ? number(upperBounds[i]) : "+Inf";
            sample(name + "_bucket", cumulative[i], withLe);
        }
        sample(name + "_sum", sum, labels);
        return sample(name + "_count", cumulative[upperBounds.length], labels);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** A sample value or bucket bound as Prometheus spells it (Go's float formatting for the special values). */
    public static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        // Plain digits, so a bound reads 0.0001 (as Go clients write it), not 1.0E-4.
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private void name(String name, String[] labels) {
        if (labels.length % 2 != 0) throw new IllegalArgumentException("labels come in name/value pairs: " + labels.length + " strings");
        out.append(name);
        if (labels.length == 0) {
            out.append(' ');
            return;
        }
        out.append('{');
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) out.append(',');
            out.append(labels[i]).append("=\"");
            escape(labels[i + 1], true);
            out.append('"');
        }
        out.append("} ");
    }

    /** HELP text escapes backslash and newline; a label value also the double quote. */
    private void escape(String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') out.append("\\\\");
            else if (c == '\n') out.append("\\n");
            else if (c == '"' && quote) out.append("\\\"");
            else out.append(c);
        }
    }
}
