package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Outcome;

import java.util.ArrayList;
import java.util.List;

/** Builds an {@link OpTable} by hand: op(fn, outcome, invoke ms, latency ms). */
final class Ops {
    private final List<long[]> rows = new ArrayList<>();

    Ops op(Fn f, Outcome o, double invokeMs, double latencyMs) {
        long inv = (long) (invokeMs * 1e6);
        rows.add(new long[]{f.ordinal(), o.ordinal(), inv, latencyMs < 0 ? -1 : inv + (long) (latencyMs * 1e6)});
        return this;
    }

    Ops ok(double invokeMs, double latencyMs) {
        return op(Fn.READ, Outcome.OK, invokeMs, latencyMs);
    }

    OpTable table() {
        int n = rows.size();
        OpTable t = new OpTable(new byte[n], new byte[n], new long[n], new long[n]);
        for (int i = 0; i < n; i++) {
            long[] r = rows.get(i);
            t.fn[i] = (byte) r[0];
            t.outcome[i] = (byte) r[1];
            t.invoke[i] = r[2];
            t.complete[i] = r[3];
        }
        return t;
    }
}
