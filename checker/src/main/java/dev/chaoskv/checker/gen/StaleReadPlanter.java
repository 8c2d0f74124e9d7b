package dev.chaoskv.checker.gen;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plants provably stale reads into a history: an acknowledged read is made to return the value
 * of an acknowledged write W although another acknowledged write X began after W completed and
 * completed before the read began. With unique values no linearization can explain such a read,
 * so the planted history is non-linearizable whatever else it contains. For tests and benchmarks.
 */
public final class StaleReadPlanter {
    private StaleReadPlanter() {
    }

    /**
     * @param ops   a history in invocation order (ids 0..n-1)
     * @param count how many reads to make stale, spread evenly over the history
     * @return the history with up to {@code count} reads changed, and the ids of the changed reads
     */
    public static Planted plant(List<Operation> ops, int count) {
        Map<String, List<Operation>> writesByKey = new HashMap<>();
        for (Operation op : ops) {
            if (op.f() == Fn.WRITE && op.isOk()) {
                writesByKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        writesByKey.values().forEach(ws -> ws.sort(java.util.Comparator.comparingLong(Operation::completeTime)));
        List<Operation> out = new ArrayList<>(ops);
        List<Integer> changed = new ArrayList<>();
        int stride = Math.max(1, ops.size() / (count + 1));
        for (int at = stride; at < ops.size() && changed.size() < count; at += stride) {
            for (int i = at; i < Math.min(ops.size(), at + stride); i++) {
                Operation r = ops.get(i);
                if (r.f() != Fn.READ || !r.isOk()) {
                    continue;
                }
                String stale = overwrittenBefore(writesByKey.getOrDefault(r.key(), List.of()), r);
                if (stale != null) {
                    out.set(i, r.withValue(stale));
                    changed.add(r.id());
                    break;
                }
            }
        }
        return new Planted(out, changed);
    }

    /** A value written by W with some X that began after W completed and completed before {@code r} began. */
    private static String overwrittenBefore(List<Operation> writesByCompletion, Operation r) {
        Operation latestStarted = null;
        for (Operation x : writesByCompletion) {
            if (x.completeTime() >= r.invokeTime()) {
                break;
            }
            if (latestStarted == null || x.invokeTime() > latestStarted.invokeTime()) {
                latestStarted = x;
            }
        }
        if (latestStarted == null) {
            return null;
        }
        Operation w = null;
        for (Operation c : writesByCompletion) {
            if (c.completeTime() >= latestStarted.invokeTime()) {
                break;
            }
            w = c;
        }
        return w == null || w.value().equals(r.value()) ? null : w.value();
    }

    /** A history with planted stale reads and the ids of the reads changed. */
    public record Planted(List<Operation> operations, List<Integer> staleReads) {
        public Planted {
            operations = List.copyOf(operations);
            staleReads = List.copyOf(staleReads);
        }
    }
}
