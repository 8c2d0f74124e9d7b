package dev.chaoskv.chaos.results;

import dev.chaoskv.chaos.results.data.Comparison;
import dev.chaoskv.chaos.results.data.Comparison.Better;
import dev.chaoskv.chaos.results.data.Comparison.Figure;
import dev.chaoskv.chaos.results.data.Recovery;
import dev.chaoskv.chaos.results.data.Ticks;
import dev.chaoskv.checker.convergence.TimeToConverge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * {@code chaos report --compare A B}: the key figures of two runs' summary.json side by side,
 * with the regressions flagged. A verdict that is no longer valid is a regression too.
 *
 * @param verdictRegression B's verdict is worse than A's (A valid, B not)
 */
public record RunComparison(RunSummary a, RunSummary b, double threshold, List<Comparison.Row> rows, boolean verdictRegression) {
    /** Noise floors: changes below these never count (recovery is measured to the second). */
    /** Time to converge is in ms, written as the checker writes it (seconds, three decimals). */
    static final String CONVERGE_UNIT = "ms (converge)";
    static final double LATENCY_FLOOR_MS = 0.5, LAG_FLOOR = 10, CONVERGE_FLOOR_MS = 100, SECONDS_FLOOR = 1, OPS_FLOOR = 1;

    public static RunComparison of(RunSummary a, RunSummary b, double threshold) {
        List<Comparison.Row> rows = new ArrayList<>(Comparison.compare(figures(a, b), threshold, a.workload(), b.workload()));
        // A fault kind that ran but never recovered has no recovery time: say so rather than "only in A".
        for (int i = 0; i < rows.size(); i++) {
            Comparison.Row r = rows.get(i);
            String name = r.figure().name();
            if (!name.startsWith("recovery ") || r.delta() != null) continue;
            String kind = name.substring("recovery ".length(), name.length() - " (slowest)".length());
            boolean ranA = ran(a, kind), ranB = ran(b, kind);
            List<String> said = new ArrayList<>();
            said.add(!ranA ? "not in A" : r.figure().a() == null ? "not recovered in A" : null);
            said.add(!ranB ? "not in B" : r.figure().b() == null ? "not recovered in B" : null);
            said.removeIf(Objects::isNull);
            boolean sameLoad = Objects.equals(a.workload(), b.workload());
            boolean regression = sameLoad && r.figure().a() != null && ranB && r.figure().b() == null;
            rows.set(i, new Comparison.Row(r.figure(), null, null, sameLoad && ranA && ranB, regression,
                    sameLoad ? String.join("; ", said) : r.note()));
        }
        boolean verdict = "valid".equals(a.verdict()) && !"valid".equals(b.verdict());
        return new RunComparison(a, b, threshold, rows, verdict);
    }

    public boolean regressed() {
        return verdictRegression || rows.stream().anyMatch(Comparison.Row::regression);
    }

    static List<Figure> figures(RunSummary a, RunSummary b) {
        List<Figure> f = new ArrayList<>();
        f.add(new Figure("operations", "", (double) a.operations(), (double) b.operations(), Better.NEITHER, 0, false));
        f.add(new Figure("ops/s", "ops/s", a.opsPerSecond(), b.opsPerSecond(), Better.HIGHER, OPS_FLOOR, true));
        Set<String> ops = new LinkedHashSet<>();
        if (a.latencyMs() != null) ops.addAll(a.latencyMs().keySet());
        if (b.latencyMs() != null) ops.addAll(b.latencyMs().keySet());
        List<String> ordered = new ArrayList<>(ops);
        if (ordered.remove("all")) ordered.add(0, "all");
        for (String op : ordered) {
            RunSummary.Latency la = a.latencyMs() == null ? null : a.latencyMs().get(op), lb = b.latencyMs() == null ? null : b.latencyMs().get(op);
            String who = op.equals("all") ? "ok ops" : op + " ok";
            f.add(new Figure(who + " p50", "ms", la == null ? null : la.p50(), lb == null ? null : lb.p50(), Better.LOWER, LATENCY_FLOOR_MS, true));
            f.add(new Figure(who + " p99", "ms", la == null ? null : la.p99(), lb == null ? null : lb.p99(), Better.LOWER, LATENCY_FLOOR_MS, true));
            f.add(new Figure(who + " p99.9", "ms", la == null ? null : la.p999(), lb == null ? null : lb.p999(), Better.LOWER, LATENCY_FLOOR_MS, true));
        }
        f.add(new Figure("max lag", "records", d(a.lagMax()), d(b.lagMax()), Better.LOWER, LAG_FLOOR, true));
        f.add(new Figure("p99 lag", "records", d(a.lagP99()), d(b.lagP99()), Better.LOWER, LAG_FLOOR, true));
        f.add(new Figure("time to converge", CONVERGE_UNIT, a.timeToConvergeMs(), b.timeToConvergeMs(), Better.LOWER, CONVERGE_FLOOR_MS, true));
        f.add(new Figure("faults injected", "", (double) a.faultsInjected(), (double) b.faultsInjected(), Better.NEITHER, 0, false));
        f.add(new Figure("faults not recovered", "", (double) a.notRecovered(), (double) b.notRecovered(), Better.LOWER, 0, true));
        Set<String> kinds = new LinkedHashSet<>();
        if (a.recovery() != null) kinds.addAll(a.recovery().keySet());
        if (b.recovery() != null) kinds.addAll(b.recovery().keySet());
        for (String k : kinds) {
            Recovery.ByKind ra = a.recovery() == null ? null : a.recovery().get(k), rb = b.recovery() == null ? null : b.recovery().get(k);
            f.add(new Figure("recovery " + k + " (slowest)", "s", ra == null ? null : ra.maxSeconds(), rb == null ? null : rb.maxSeconds(),
                    Better.LOWER, SECONDS_FLOOR, true));
        }
        f.add(new Figure("unavailable", "s", a.unavailableSeconds(), b.unavailableSeconds(), Better.LOWER, SECONDS_FLOOR, true));
        return f;
    }

    private static boolean ran(RunSummary s, String kind) {
        return s.recovery() != null && s.recovery().containsKey(kind);
    }

    private static Double d(Long v) {
        return v == null ? null : v.doubleValue();
    }

    /** The table as printed by {@code chaos report --compare}. */
    public String text() {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[]{"figure", "A", "B", "change", ""});
        lines.add(new String[]{"verdict", a.verdict(), b.verdict(), "", verdictRegression ? "REGRESSION" : ""});
        for (Comparison.Row r : rows) lines.add(new String[]{r.figure().name(), value(r.figure().a(), r.figure().unit()), value(r.figure().b(), r.figure().unit()),
                change(r), flag(r)});
        int[] w = new int[5];
        for (String[] l : lines) for (int i = 0; i < 5; i++) w[i] = Math.max(w[i], l[i].length());
        StringBuilder out = new StringBuilder();
        out.append("A: ").append(a.run()).append(" (").append(a.name()).append(", ").append(a.workload()).append(")\n");
        out.append("B: ").append(b.run()).append(" (").append(b.name()).append(", ").append(b.workload()).append(")\n\n");
        for (String[] l : lines) {
            out.append(String.format(Locale.ROOT, "%-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s  %" + w[3] + "s  %s", (Object[]) l).stripTrailing()).append('\n');
        }
        long regressions = rows.stream().filter(Comparison.Row::regression).count() + (verdictRegression ? 1 : 0);
        out.append('\n').append(regressions == 0 ? "no regression beyond " + percent(threshold)
                : regressions + " regression(s) beyond " + percent(threshold)).append('\n');
        return out.toString();
    }

    public static String value(Double v, String unit) {
        if (v == null) return "-";
        return switch (unit) {
            case "ms" -> Ticks.millis(v);
            case CONVERGE_UNIT -> TimeToConverge.describe(Math.round(v * 1e6));
            case "s" -> Ticks.seconds(v);
            case "" -> Ticks.number(v);
            default -> Ticks.number(Math.round(v * 10) / 10.0) + " " + unit;
        };
    }

    public static String change(Comparison.Row r) {
        if (r.delta() == null) return "";
        String sign = r.delta() > 0 ? "+" : "";
        return r.relative() == null ? sign + Ticks.number(Math.round(r.delta() * 100) / 100.0)
                : sign + String.format(Locale.ROOT, "%.1f %%", r.relative() * 100);
    }

    public static String flag(Comparison.Row r) {
        if (r.regression()) return "REGRESSION" + (r.note().isEmpty() ? "" : " (" + r.note() + ")");
        return r.note();
    }

    public static String percent(double fraction) {
        return Ticks.number(Math.round(fraction * 1000) / 10.0) + " %";
    }
}
