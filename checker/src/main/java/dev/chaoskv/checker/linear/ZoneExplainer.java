package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Values;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Explains a violation the unique-value pass found. The classic shapes (see
 * {@link ViolationExplainer#classicShape}) come first, so the common cases read as they do
 * when the search finds them; otherwise the pass's own conflict is put in one sentence with
 * the few operations that show it.
 */
final class ZoneExplainer {
    private static final int VALUES_SHOWN = 3;

    private ZoneExplainer() {
    }

    static Counterexample explain(String key, List<Operation> allOps, KeyProblem p, SearchOutcome.Violation v,
                                  ZoneConflict conflict) {
        List<Operation> prefixTail = ViolationExplainer.prefixTail(p, v.prefix());
        String stateAfter = p.value(v.stateAfter());
        Counterexample classic = ViolationExplainer.classicShape(key, allOps, v.prefix().length, prefixTail, stateAfter);
        if (classic != null) {
            return classic;
        }
        Explained e = explain(key, p, conflict);
        List<Operation> window = new ArrayList<>();
        for (int op : e.ops()) {
            if (op >= 0 && window.size() < Counterexample.MAX_WINDOW) {
                window.add(p.source[op]);
            }
        }
        return ViolationExplainer.shape(key, e.kind(), e.sentence(), List.copyOf(new LinkedHashSet<>(window)),
                v.prefix().length, prefixTail, stateAfter);
    }

    private record Explained(String kind, String sentence, int... ops) {
    }

    // (pattern matching for switch is a preview feature in Java 17, hence instanceof)
    private static Explained explain(String key, KeyProblem p, ZoneConflict conflict) {
        if (conflict instanceof ZoneConflict.NeverWritten c) {
            return neverWritten(p, c.observer());
        }
        if (conflict instanceof ZoneConflict.DoubleCas c) {
            return doubleCas(key, p, c);
        }
        if (conflict instanceof ZoneConflict.CasCycle c) {
            List<String> described = new ArrayList<>();
            for (int op : c.ops()) {
                described.add(p.source[op].describe());
            }
            return new Explained("cas-cycle", "the cas operations " + String.join(", ", described)
                    + " must all have taken effect, but each expects the value another of them wrote, so none"
                    + " of them can be the first", c.ops());
        }
        if (conflict instanceof ZoneConflict.OrderInversion c) {
            return inversion(key, p, c);
        }
        if (conflict instanceof ZoneConflict.Overlap c) {
            return new Explained("overlapping-values", held(key, p, c.earlier()) + ", and "
                    + stretch(p, c.later()) + ": the two stretches overlap, but a register holds one value at a"
                    + " time and a replaced value never comes back (values are unique)",
                    spanOps(c.earlier(), c.later()));
        }
        ZoneConflict.Inside c = (ZoneConflict.Inside) conflict;
        ZoneConflict.SpanFacts in = c.inner();
        String inner = in.operations() == 1
                ? ref(p, in.writers()[0]) + " (invoked at " + Values.seconds(in.to()) + ", acknowledged at "
                + Values.seconds(in.from()) + ") took effect inside that stretch"
                : values(p, in) + " had to be in place at some instant between " + Values.seconds(in.to()) + " (when "
                + ref(p, in.toOp()) + " began) and " + Values.seconds(in.from()) + " (when "
                + (in.fromOp() == in.toOp() ? "it" : ref(p, in.fromOp())) + " completed), inside that stretch";
        return new Explained("value-overwritten", held(key, p, c.outer()) + ", but " + inner
                + ", and a replaced value never comes back (values are unique)", spanOps(c.outer(), in));
    }

    private static Explained neverWritten(KeyProblem p, int observer) {
        Operation o = p.source[observer];
        String value = Values.show(p.value(p.arg[observer]));
        int witness = -1;
        if (p.kind[observer] == KeyProblem.CAS) {
            for (int op = 0; op < p.n && witness < 0; op++) {
                witness = op != observer && ValueIndex.observed(p, op) == p.arg2[observer] ? op : -1;
            }
        }
        String why = witness >= 0 ? " (its value " + Values.show(p.value(p.arg2[observer])) + " was observed by "
                + p.source[witness].describe() + ", so it took effect)" : "";
        return new Explained("never-written", o.describe() + why + " expected " + value
                + ", but no operation ever wrote " + value, observer, witness);
    }

    private static Explained doubleCas(String key, KeyProblem p, ZoneConflict.DoubleCas c) {
        int value = p.arg[c.first()];
        int writer = -1;
        for (int op = 0; op < p.n && writer < 0 && value > 0; op++) {
            writer = ValueIndex.written(p, op) == value ? op : -1;
        }
        String restore = value == 0 ? "nothing deleted " + key : "no later write could restore it (values are unique)";
        return new Explained("double-cas", p.source[c.first()].describe() + " and " + p.source[c.second()].describe()
                + " both took effect, but the first of them replaced " + Values.show(p.value(value)) + " and "
                + restore, writer, c.first(), c.second());
    }

    private static Explained inversion(String key, KeyProblem p, ZoneConflict.OrderInversion c) {
        Operation later = p.source[c.op()];
        Operation earlier = p.source[c.mustPrecede()];
        int earlierWrote = ValueIndex.written(p, c.mustPrecede());
        int laterSaw = ValueIndex.observed(p, c.op());
        // A crashed operation that must have happened did so by the first completion that observed its value.
        String done = later.isInfo() ? " (crashed) took effect by " : " completed at ";
        String head = later.describe() + done + Values.seconds(p.ret[c.op()]) + ", before "
                + earlier.describe() + " was invoked at " + Values.seconds(earlier.invokeTime()) + ", yet ";
        if (earlierWrote >= 0 && earlierWrote == laterSaw) {
            return new Explained("read-before-write", head + "it observed the value " + Values.show(p.value(laterSaw))
                    + " that operation wrote", c.mustPrecede(), c.op());
        }
        int earlierValue = earlierWrote >= 0 ? earlierWrote : ValueIndex.observed(p, c.mustPrecede());
        String reason = p.kind[c.op()] == KeyProblem.CAS && earlierValue == laterSaw
                ? "that operation observed " + Values.show(p.value(laterSaw)) + ", which this cas replaced"
                : key + " held " + Values.show(p.value(earlierValue)) + " before " + Values.show(p.value(laterSaw))
                + " (a cas chain leads from one to the other)";
        return new Explained("order-inversion", head + reason + ", and a replaced value never comes back (values are"
                + " unique), so that operation had to take effect first", c.mustPrecede(), c.op());
    }

    /** "k had to hold v1 from 1.200 s (write by process 3 completed) until 1.700 s (read by process 7 began)". */
    private static String held(String key, KeyProblem p, ZoneConflict.SpanFacts span) {
        return key + " had to hold " + stretch(p, span);
    }

    private static String stretch(KeyProblem p, ZoneConflict.SpanFacts span) {
        String from = span.fromOp() < 0 ? "the start" : Values.seconds(span.from()) + " (when " + ref(p, span.fromOp())
                + " completed)";
        String until = span.toOp() == span.fromOp() ? "it" : ref(p, span.toOp());
        return values(p, span) + " from " + from + " until " + Values.seconds(span.to()) + " (when " + until
                + " began)";
    }

    /** The span's values in order: "v1", "v1, then v2", "absent (the initial state), then v9, ...". */
    private static String values(KeyProblem p, ZoneConflict.SpanFacts span) {
        StringBuilder s = new StringBuilder();
        int[] writers = span.writers();
        for (int i = 0; i < Math.min(writers.length, VALUES_SHOWN); i++) {
            s.append(i == 0 ? "" : ", then ");
            s.append(writers[i] < 0 ? "absent (the initial state)"
                    : Values.show(p.value(ValueIndex.written(p, writers[i]))));
        }
        return writers.length > VALUES_SHOWN ? s + ", ..." : s.toString();
    }

    /** "the read by process 7 that returned v1": short enough to name several operations in one sentence. */
    private static String ref(KeyProblem p, int op) {
        Operation o = p.source[op];
        return switch (o.f()) {
            case READ -> "the read by process " + o.process() + " that returned " + Values.show(o.value());
            case WRITE -> "the write of " + Values.show(o.value()) + " by process " + o.process();
            case CAS -> "the cas from " + Values.show(o.expected()) + " to " + Values.show(o.value()) + " by process "
                    + o.process();
            case DELETE -> "the delete by process " + o.process();
            case ADD -> throw new IllegalStateException("adds are not register operations");
        };
    }

    private static int[] spanOps(ZoneConflict.SpanFacts a, ZoneConflict.SpanFacts b) {
        Set<Integer> ops = new LinkedHashSet<>(List.of(a.writers()[0], a.fromOp(), a.toOp(), b.writers()[0],
                b.fromOp(), b.toOp()));
        return ops.stream().mapToInt(Integer::intValue).toArray();
    }
}
