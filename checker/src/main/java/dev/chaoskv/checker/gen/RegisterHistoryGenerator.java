package dev.chaoskv.checker.gen;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.state.FinalState;
import dev.chaoskv.checker.state.NodeState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Simulates a correct (linearizable) replicated register store under concurrent clients, with
 * rejected writes, timeouts and crashes, and records the history. Each operation gets a
 * linearization point inside its interval (for crashed ones: anywhere after the invocation,
 * possibly after the client gave up, or never); results are computed by applying operations in
 * linearization-point order, so the history is linearizable by construction.
 */
public final class RegisterHistoryGenerator {
    private RegisterHistoryGenerator() {
    }

    /** An operation being generated; results are filled in once linearization points are ordered. */
    private static final class Draft {
        int process;
        Fn f;
        String key;
        String expected;
        String value;
        long invoke;
        long complete;
        long linPoint;
        Outcome outcome;
        boolean applies; // for crashed operations: whether they took effect
    }

    public static GeneratedRun generate(GeneratorConfig c) {
        SplittableRandom rnd = new SplittableRandom(c.seed());
        String[] keys = new String[c.keys()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "k" + i;
        }
        boolean[] crashWrite = pickCrashedWrites(c, rnd);
        // Each slot runs one operation at a time; the queue yields the slot free earliest.
        PriorityQueue<long[]> slots = new PriorityQueue<>(Comparator.comparingLong((long[] s) -> s[0]));
        for (int s = 0; s < c.processes(); s++) {
            slots.add(new long[] {rnd.nextLong(1_000_000), s});
        }
        int nextProcess = c.processes();
        Map<String, String> lastGenerated = new HashMap<>();
        Draft[] drafts = new Draft[c.operations()];
        int writeCount = 0;
        for (int i = 0; i < c.operations(); i++) {
            long[] slot = slots.poll();
            Draft d = new Draft();
            d.process = (int) slot[1];
            d.invoke = slot[0];
            long latency = 100_000 + rnd.nextLong(2_000_000);
            d.complete = d.invoke + latency;
            d.linPoint = d.invoke + rnd.nextLong(latency + 1);
            double r = rnd.nextDouble();
            if (r < c.addFraction()) {
                d.f = Fn.ADD;
                d.key = "s" + i;
                d.value = "a" + i;
            } else {
                d.key = keys[rnd.nextInt(keys.length)];
                r = rnd.nextDouble();
                if (r < c.readFraction()) {
                    d.f = Fn.READ;
                } else if (r < c.readFraction() + c.casFraction()) {
                    d.f = Fn.CAS;
                    d.expected = rnd.nextInt(8) == 0 ? null : lastGenerated.get(d.key);
                    d.value = "v" + i;
                } else if (r < c.readFraction() + c.casFraction() + c.deleteFraction()) {
                    d.f = Fn.DELETE;
                } else {
                    d.f = Fn.WRITE;
                    d.value = "v" + i;
                }
            }
            if (d.value != null && d.f != Fn.ADD) {
                lastGenerated.put(d.key, d.value);
            }
            boolean crash = c.exactCrashedWrites() >= 0
                    ? d.f == Fn.WRITE && writeCount < crashWrite.length && crashWrite[writeCount]
                    : rnd.nextDouble() < c.crashRate();
            if (d.f == Fn.WRITE) {
                writeCount++;
            }
            if (crash) {
                d.outcome = Outcome.INFO;
                d.applies = d.f != Fn.READ && rnd.nextDouble() < c.crashApplyProbability();
                // A crashed operation may take effect long after the client stopped waiting.
                d.linPoint = d.invoke + rnd.nextLong(3 * latency + 1);
                slot[1] = nextProcess++; // the crashed process is retired, as in Jepsen
            } else if (d.f != Fn.READ && d.f != Fn.CAS && rnd.nextDouble() < c.failRate()) {
                d.outcome = Outcome.FAIL;
            } else {
                d.outcome = Outcome.OK;
            }
            slot[0] = d.complete + rnd.nextLong(200_000);
            slots.add(slot);
            drafts[i] = d;
        }
        List<Operation> ops = resolve(drafts);
        return new GeneratedRun(History.of(ops), finalStateOf(drafts));
    }

    private static boolean[] pickCrashedWrites(GeneratorConfig c, SplittableRandom rnd) {
        if (c.exactCrashedWrites() < 0) {
            return new boolean[0];
        }
        // Expected number of writes, generously: choose crash slots among the first writes.
        int expectedWrites = Math.max(1, (int) (c.operations() * (1 - c.readFraction() - c.casFraction()
                - c.deleteFraction()) * 0.9));
        boolean[] crash = new boolean[expectedWrites];
        int chosen = 0;
        while (chosen < Math.min(c.exactCrashedWrites(), expectedWrites)) {
            int i = rnd.nextInt(expectedWrites);
            if (!crash[i]) {
                crash[i] = true;
                chosen++;
            }
        }
        return crash;
    }

    /** Applies operations in linearization-point order to fill in reads and cas outcomes. */
    private static List<Operation> resolve(Draft[] drafts) {
        Integer[] order = new Integer[drafts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> drafts[i].linPoint));
        Map<String, String> state = new HashMap<>();
        for (int i : order) {
            Draft d = drafts[i];
            boolean takesEffect = d.outcome == Outcome.OK || (d.outcome == Outcome.INFO && d.applies);
            if (!takesEffect) {
                continue;
            }
            switch (d.f) {
                case READ -> d.value = state.get(d.key);
                case WRITE, ADD -> state.put(d.key, d.value);
                case DELETE -> state.remove(d.key);
                case CAS -> {
                    if (java.util.Objects.equals(state.get(d.key), d.expected)) {
                        state.put(d.key, d.value);
                    } else if (d.outcome == Outcome.OK) {
                        d.outcome = Outcome.FAIL; // expected value did not match: it wrote nothing
                    }
                }
            }
        }
        // Operation ids follow invocation order.
        Integer[] byInvoke = new Integer[drafts.length];
        for (int i = 0; i < byInvoke.length; i++) {
            byInvoke[i] = i;
        }
        Arrays.sort(byInvoke, Comparator.comparingLong(i -> drafts[i].invoke));
        List<Operation> ops = new ArrayList<>(drafts.length);
        for (int i : byInvoke) {
            Draft d = drafts[i];
            String value = d.f == Fn.READ && d.outcome != Outcome.OK ? null : d.value;
            ops.add(new Operation(ops.size(), d.process, d.f, d.key, d.expected, value, d.outcome, d.invoke,
                    d.complete, null, 0, 0));
        }
        return ops;
    }

    /** The final state a correct three-node cluster would report: every node equal to the register state. */
    static FinalState finalStateOf(Draft[] drafts) {
        Draft[] sorted = drafts.clone();
        Arrays.sort(sorted, Comparator.comparingLong(d -> d.linPoint));
        TreeMap<String, String> data = new TreeMap<>();
        long lsn = 0;
        for (Draft d : sorted) {
            boolean takesEffect = d.outcome == Outcome.OK || (d.outcome == Outcome.INFO && d.applies);
            if (!takesEffect || d.f == Fn.READ) {
                continue;
            }
            switch (d.f) {
                case WRITE, ADD -> data.put(d.key, d.value);
                case DELETE -> data.remove(d.key);
                case CAS -> {
                    if (java.util.Objects.equals(data.get(d.key), d.expected)) {
                        data.put(d.key, d.value);
                    } else {
                        continue;
                    }
                }
                default -> {
                }
            }
            lsn++;
        }
        String digest = Integer.toHexString(data.hashCode());
        TreeMap<String, NodeState> nodes = new TreeMap<>();
        for (String id : List.of("n1", "n2", "n3")) {
            nodes.put(id, new NodeState(id, id.equals("n1") ? "leader" : "follower", 1, lsn, lsn, lsn, digest,
                    Map.copyOf(data), null));
        }
        return new FinalState("n1", nodes, null);
    }
}
