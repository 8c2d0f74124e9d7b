package dev.chaoskv.chaos.results.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the system took to recover after each fault was undone: until throughput (ok
 * completions per second) and p99 latency are back within {@link #TOLERANCE} of their level
 * before the fault. The level is taken over the last {@link #BASELINE_SECONDS} whole seconds
 * between the previous fault's end (or the load start) and this fault's start: throughput is
 * their mean, p99 the worst of their per-second p99s (a per-second p99 is noisy; the worst
 * baseline second is what "normal" already included). The first whole second starting at or
 * after the heal whose ok count is at least (1 - 20 %) of the level and whose p99 is at most
 * (1 + 20 %) of it ends the recovery; the recovery time is its start minus the heal time, so
 * the resolution is one second. Only seconds before the next fault starts (or the load ends)
 * count: otherwise the fault is "not recovered", and the next fault is measured against the
 * last level that was normal (the seconds after an unrecovered fault are not).
 */
public final class Recovery {
    public static final double TOLERANCE = 0.20;
    public static final int BASELINE_SECONDS = 5;

    /** @param seconds the recovery time, or null with {@code note} saying why there is none */
    public record Result(FaultWindows.Window window, Double seconds, String note) {
        public boolean recovered() {
            return seconds != null;
        }
    }

    /** Per fault kind: how many, how many recovered, the slowest and mean recovery in s (null if none recovered). */
    public record ByKind(int count, int recovered, Double maxSeconds, Double meanSeconds) {
    }

    private Recovery() {
    }

    /**
     * @param buckets per-second buckets from the load start
     * @param windows the faults, in time order
     * @param heal    the final heal (ns), used as the end of a fault that was never undone on its own; -1 if none
     * @param loadEnd when the load ended (ns)
     */
    public static List<Result> of(List<PerSecond.Bucket> buckets, List<FaultWindows.Window> windows, long heal, long loadEnd) {
        List<Result> out = new ArrayList<>();
        long normalFrom = 0;
        double[] level = null;
        int wholeSeconds = (int) Math.min(buckets.size(), loadEnd / 1_000_000_000L);
        for (int i = 0; i < windows.size(); i++) {
            FaultWindows.Window w = windows.get(i);
            long end = w.endOr(heal >= 0 ? heal : loadEnd);
            long horizon = i + 1 < windows.size() ? windows.get(i + 1).start() : loadEnd;
            String horizonName = i + 1 < windows.size() ? "the next fault at " + Ticks.seconds(horizon / 1e9) : "the load ended";
            // After a fault that did not recover, the level before the next one is not "normal": keep the last normal level.
            double[] own = level(buckets, wholeSeconds, normalFrom, w.start());
            if (own != null) level = own;
            Result r = level == null ? new Result(w, null, "no fault-free second before it to compare with")
                    : recover(buckets, wholeSeconds, w, level, end, horizon, horizonName);
            out.add(r);
            normalFrom = r.recovered() ? Math.max(normalFrom, end + (long) (r.seconds() * 1e9)) : Long.MAX_VALUE;
        }
        return out;
    }

    /** Mean ok count and worst p99 of the last whole seconds in [from, faultStart), or null if there is none. */
    private static double[] level(List<PerSecond.Bucket> buckets, int wholeSeconds, long from, long faultStart) {
        if (from == Long.MAX_VALUE) return null;
        int lastBase = (int) Math.floorDiv(faultStart, 1_000_000_000L) - 1;
        int firstBase = Math.max(ceilSecond(from), lastBase - BASELINE_SECONDS + 1);
        double okSum = 0, p99 = Double.NaN;
        int n = 0;
        for (int s = Math.max(0, firstBase); s <= lastBase && s < wholeSeconds; s++) {
            PerSecond.Bucket b = buckets.get(s);
            okSum += b.ok();
            if (!Double.isNaN(b.p99())) p99 = Double.isNaN(p99) ? b.p99() : Math.max(p99, b.p99());
            n++;
        }
        return n == 0 ? null : new double[]{okSum / n, p99};
    }

    private static Result recover(List<PerSecond.Bucket> buckets, int wholeSeconds, FaultWindows.Window w, double[] level,
                                  long end, long horizon, String horizonName) {
        double okLevel = level[0], p99 = level[1];
        for (int s = ceilSecond(end); s < wholeSeconds && (s + 1) * 1_000_000_000L <= horizon; s++) {
            PerSecond.Bucket b = buckets.get(s);
            boolean throughput = b.ok() >= (1 - TOLERANCE) * okLevel;
            boolean latency = Double.isNaN(p99) || (!Double.isNaN(b.p99()) && b.p99() <= (1 + TOLERANCE) * p99);
            if (throughput && latency) return new Result(w, Math.max(0, s * 1e9 - end) / 1e9, "");
        }
        return new Result(w, null, "not recovered before " + horizonName);
    }

    private static double round(double s) {
        return Math.round(s * 1000) / 1000.0;
    }

    private static int ceilSecond(long nanos) {
        return (int) ((nanos + 999_999_999L) / 1_000_000_000L);
    }

    public static Map<String, ByKind> byKind(List<Result> results) {
        Map<String, List<Result>> grouped = new LinkedHashMap<>();
        for (Result r : results) grouped.computeIfAbsent(r.window().kind(), k -> new ArrayList<>()).add(r);
        Map<String, ByKind> out = new LinkedHashMap<>();
        grouped.forEach((kind, rs) -> {
            double max = 0, sum = 0;
            int rec = 0;
            for (Result r : rs) {
                if (!r.recovered()) continue;
                rec++;
                max = Math.max(max, r.seconds());
                sum += r.seconds();
            }
            out.put(kind, new ByKind(rs.size(), rec, rec == 0 ? null : round(max), rec == 0 ? null : round(sum / rec)));
        });
        return out;
    }
}
