package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;

import java.util.List;

/**
 * The client operations of a run as columns (a million operations are 26 MB here, not 200 MB
 * of records): op type, outcome, invocation and completion time in ns since the load started
 * (completion -1 when the operation never completed).
 */
public final class OpTable {
    public final byte[] fn;
    public final byte[] outcome;
    public final long[] invoke;
    public final long[] complete;

    public OpTable(byte[] fn, byte[] outcome, long[] invoke, long[] complete) {
        this.fn = fn;
        this.outcome = outcome;
        this.invoke = invoke;
        this.complete = complete;
    }

    public static OpTable of(List<Operation> ops) {
        int n = ops.size();
        OpTable t = new OpTable(new byte[n], new byte[n], new long[n], new long[n]);
        for (int i = 0; i < n; i++) {
            Operation o = ops.get(i);
            t.fn[i] = (byte) o.f().ordinal();
            t.outcome[i] = (byte) o.outcome().ordinal();
            t.invoke[i] = o.invokeTime();
            t.complete[i] = o.hasCompletion() ? o.completeTime() : -1;
        }
        return t;
    }

    public int size() {
        return fn.length;
    }

    public Fn fn(int i) {
        return Fn.values()[fn[i]];
    }

    public Outcome outcome(int i) {
        return Outcome.values()[outcome[i]];
    }

    public boolean isOk(int i) {
        return outcome[i] == Outcome.OK.ordinal();
    }

    public boolean completed(int i) {
        return complete[i] >= 0;
    }

    /** Latency in ms, or NaN if the operation never completed. */
    public double latencyMs(int i) {
        return complete[i] < 0 ? Double.NaN : (complete[i] - invoke[i]) / 1e6;
    }

    /** When the load ended: the last invocation (ns), 0 without operations. */
    public long lastInvoke() {
        long m = 0;
        for (long t : invoke) m = Math.max(m, t);
        return m;
    }

    /** The last completion (ns), 0 without completions. */
    public long lastCompletion() {
        long m = 0;
        for (long t : complete) m = Math.max(m, t);
        return m;
    }
}
