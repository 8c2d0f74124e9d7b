package dev.chaoskv.kvnode.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4 for tests: it fails on anything a
 * Prometheus server would reject or misread, and returns each sample's value by its series as
 * written ({@code name{label="v",...}}).
 */
public final class ExpositionFormat {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped");

    private ExpositionFormat() {
    }

    /** Checks {@code text} and returns every sample's value by series. */
    public static Map<String, Double> check(String text) {
        if (!text.endsWith("\n")) throw new AssertionError("the exposition must end with a newline");
        Map<String, String> types = new HashMap<>();
        Map<String, Boolean> helped = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        // histogram family -> its label sets without le -> [le, cumulative count] per bucket
        Map<String, Map<Map<String, String>, List<double[]>>> buckets = new LinkedHashMap<>();
        List<String> finished = new ArrayList<>();
        String current = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                String name = parts[0];
                if (!NAME.matcher(name).matches()) throw new AssertionError("bad metric name: " + line);
                if (line.startsWith("# HELP ")) {
                    if (helped.put(name, true) != null) throw new AssertionError("second HELP for " + name);
                    if (types.containsKey(name)) throw new AssertionError("HELP after TYPE for " + name);
                } else {
                    if (parts.length < 2 || !TYPES.contains(parts[1])) throw new AssertionError("bad TYPE line: " + line);
                    if (types.put(name, parts[1]) != null) throw new AssertionError("second TYPE for " + name);
                    if (!helped.containsKey(name)) throw new AssertionError("TYPE without HELP for " + name);
                }
                if (!name.equals(current)) {
                    if (current != null) finished.add(current);
                    if (finished.contains(name)) throw new AssertionError(name + " appears in two places");
                    current = name;
                }
                continue;
            }
            if (line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw new AssertionError("not a sample line `name{labels} value`: " + line);
            String name = m.group(1);
            String family = familyOf(name, types);
            if (family == null) throw new AssertionError("sample before its HELP and TYPE: " + line);
            if (!family.equals(current)) throw new AssertionError("sample of " + family + " outside its family block: " + line);
            Map<String, String> labels = labels(m.group(3), line);
            double value = value(m.group(4), line);
            String series = m.group(2) == null ? name : name + m.group(2);
            if (samples.put(series, value) != null) throw new AssertionError("duplicate series: " + series);
            if (name.endsWith("_bucket") && "histogram".equals(types.get(family))) {
                String le = labels.remove("le");
                if (le == null) throw new AssertionError("bucket without le: " + line);
                buckets.computeIfAbsent(family, k -> new LinkedHashMap<>()).computeIfAbsent(labels, k -> new ArrayList<>())
                        .add(new double[]{value(le, line), value});
            }
        }
        buckets.forEach((family, series) -> series.forEach((labels, bs) -> checkBuckets(family, labels, bs, samples)));
        return samples;
    }

    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) return name;
        for (String suffix : new String[]{"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if ("histogram".equals(types.get(base))) return base;
            }
        }
        return null;
    }

    private static void checkBuckets(String family, Map<String, String> labels, List<double[]> bs, Map<String, Double> samples) {
        String series = series(family, labels);
        double[] last = bs.get(bs.size() - 1);
        if (last[0] != Double.POSITIVE_INFINITY) throw new AssertionError(series + ": the last bucket is not le=\"+Inf\"");
        for (int i = 1; i < bs.size(); i++) {
            if (!(bs.get(i)[0] > bs.get(i - 1)[0])) throw new AssertionError(series + ": bucket bounds do not increase");
            if (bs.get(i)[1] < bs.get(i - 1)[1]) throw new AssertionError(series + ": buckets are not cumulative");
        }
        Double count = samples.get(series(family + "_count", labels));
        if (count == null) throw new AssertionError(series + ": no _count");
        if (count != last[1]) throw new AssertionError(series + ": +Inf bucket " + last[1] + " but _count " + count);
        if (!samples.containsKey(series(family + "_sum", labels))) throw new AssertionError(series + ": no _sum");
    }

    /** A series as a sample line writes it (label values still escaped). */
    private static String series(String name, Map<String, String> labels) {
        if (labels.isEmpty()) return name;
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
        return b.append('}').toString();
    }

    private static Map<String, String> labels(String s, String line) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null) return out;
        Matcher m = LABEL.matcher(s);
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) throw new AssertionError("bad label set in: " + line);
            if (out.put(m.group(1), m.group(2)) != null) throw new AssertionError("label twice in: " + line);
            at = m.end();
        }
        return out;
    }

    private static double value(String s, String line) {
        switch (s) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new AssertionError("bad value in: " + line);
                }
        }
    }
}
