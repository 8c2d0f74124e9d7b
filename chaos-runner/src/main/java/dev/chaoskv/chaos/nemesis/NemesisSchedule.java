package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.nemesis.fault.Draw;
import dev.chaoskv.chaos.nemesis.fault.Fault;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.CutMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The fault schedule of a run: alternating fault and recovery windows, each {@code interval}
 * long, after a quiet warm-up of half an interval. Pure and reproducible: the same seed and
 * plan give the same schedule, so a failing run can be replayed (targets such as "the current
 * leader" are resolved only when a window opens).
 */
public record NemesisSchedule(List<Window> windows) {

    /** One fault window: the fault is applied at {@code start} and undone at {@code end} (ns since run start). */
    public record Window(int index, long startNanos, long endNanos, Fault fault) {
        public String describe() {
            return String.format(Locale.ROOT, "#%d %6.1fs .. %6.1fs  %s", index, startNanos / 1e9, endNanos / 1e9,
                    fault.describe());
        }
    }

    /**
     * @param seed        the run's seed
     * @param nodeIds     cluster node ids, in a fixed order
     * @param kinds       faults to draw from (empty = no nemesis)
     * @param interval    length of each fault window and of each recovery window
     * @param timeLimit   length of the load phase; no window ends after it
     * @param maxFaulty   most nodes one fault may take out (default: a minority)
     * @param cutMode     null = draw blackhole or disconnect per partition, from the seed
     */
    public record Plan(long seed, List<String> nodeIds, List<FaultKind> kinds, Duration interval, Duration timeLimit,
                       int maxFaulty, CutMode cutMode) {
        public Plan {
            nodeIds = List.copyOf(nodeIds);
            kinds = List.copyOf(kinds);
        }
    }

    public NemesisSchedule {
        windows = List.copyOf(windows);
    }

    public static NemesisSchedule generate(Plan plan) {
        List<FaultKind> usable = plan.kinds().stream().filter(k -> whyUnusable(k, plan) == null).toList();
        List<Window> out = new ArrayList<>();
        long interval = plan.interval().toNanos();
        if (usable.isEmpty() || interval <= 0) return new NemesisSchedule(out);
        Random rnd = new Random(plan.seed());
        long t = interval / 2;
        int index = 1;
        while (t + interval <= plan.timeLimit().toNanos()) {
            FaultKind kind = usable.get(rnd.nextInt(usable.size()));
            out.add(new Window(index++, t, t + interval, draw(kind, plan, rnd)));
            t += 2 * interval;
        }
        return new NemesisSchedule(out);
    }

    /** The plan's faults that its cluster size or --max-faulty leaves out of the draw, and why. */
    public static List<FaultKind.Skipped> skipped(Plan plan) {
        List<FaultKind.Skipped> out = new ArrayList<>();
        for (FaultKind k : plan.kinds()) {
            String why = whyUnusable(k, plan);
            if (why != null) out.add(new FaultKind.Skipped(k.wireName(), why));
        }
        return out;
    }

    /** Null if the fault can be drawn for this plan. */
    private static String whyUnusable(FaultKind k, Plan plan) {
        int n = plan.nodeIds().size();
        if (n < k.minNodes()) return FaultKind.tooSmall(k, n);
        int faulty = k.faultyNodes(n, plan.maxFaulty());
        if (faulty > plan.maxFaulty()) {
            return "takes out " + faulty + " node(s), more than --max-faulty " + plan.maxFaulty();
        }
        if (k == FaultKind.KILL_MINORITY && plan.maxFaulty() == 0) return "kills --max-faulty nodes, and --max-faulty is 0";
        return null;
    }

    private static Fault draw(FaultKind kind, Plan plan, Random rnd) {
        List<String> order = new ArrayList<>(plan.nodeIds());
        Collections.shuffle(order, rnd);
        CutMode mode = plan.cutMode() != null ? plan.cutMode() : (rnd.nextBoolean() ? CutMode.BLACKHOLE : CutMode.DISCONNECT);
        boolean outbound = rnd.nextBoolean();
        return kind.draw(new Draw(order, mode, outbound, plan.maxFaulty(), rnd));
    }

    /** The schedule as the dry run prints it. */
    public String render() {
        if (windows.isEmpty()) return "  (no faults)\n";
        StringBuilder b = new StringBuilder();
        for (Window w : windows) b.append("  ").append(w.describe()).append('\n');
        return b.toString();
    }
}
