package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.verdict.Validity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Check 3: linearizability of read/write/cas/delete per key. A register history is linearizable
 * iff each key's sub-history is (P-compositionality), so keys are independent problems, checked
 * in parallel, largest first; with {@code stopAtFirstViolation}, the first violation cancels the
 * rest. Per key: the pre-pass, then the unique-value pass (polynomial), then, for the keys that
 * pass declines, the Wing–Gong search. Set-workload adds are not register operations and are left to the durability check.
 */
public final class LinearizabilityChecker {
    /** How long after the deadline the coordinator waits for searches to notice it. */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    public record Options(long deadlineNanos, long memoryBudgetBytes, int threads, boolean stopAtFirstViolation) {
    }

    /** @param byUniqueValuePass decided by the first pass, without the search */
    private record KeyOutcome(String key, int ops, SearchOutcome outcome, PrePassStats stats,
                              Counterexample counterexample, boolean byUniqueValuePass) {
    }

    public LinearizabilityResult check(List<Operation> ops, Options options) {
        long start = System.nanoTime();
        Map<String, List<Operation>> byKey = new HashMap<>();
        for (Operation op : ops) {
            if (op.f() != Fn.ADD) {
                byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        List<Map.Entry<String, List<Operation>>> keys = new ArrayList<>(byKey.entrySet());
        // Largest first: the long pole starts early, and small keys fill the gaps.
        keys.sort(Comparator.comparingInt((Map.Entry<String, List<Operation>> e) -> e.getValue().size()).reversed()
                .thenComparing(Map.Entry::getKey));
        SearchLimits limits = new SearchLimits(options.deadlineNanos(), new MemoryBudget(options.memoryBudgetBytes()),
                new AtomicBoolean());
        int threads = Math.max(1, Math.min(options.threads(), keys.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "linearizability");
            t.setDaemon(true); // a search that overruns must never keep the JVM alive
            return t;
        });
        CompletionService<KeyOutcome> done = new ExecutorCompletionService<>(pool);
        Map<Future<KeyOutcome>, String> pending = new HashMap<>();
        for (Map.Entry<String, List<Operation>> e : keys) {
            pending.put(done.submit(() -> checkKey(e.getKey(), e.getValue(), limits)), e.getKey());
        }
        List<KeyOutcome> outcomes = new ArrayList<>();
        try {
            while (!pending.isEmpty()) {
                long wait = options.deadlineNanos() + GRACE_NANOS - System.nanoTime();
                Future<KeyOutcome> f = done.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (f == null) {
                    break; // past the deadline: whatever is still running is reported unknown
                }
                pending.remove(f);
                KeyOutcome o = f.get();
                outcomes.add(o);
                if (o.outcome() instanceof SearchOutcome.Violation && options.stopAtFirstViolation()) {
                    limits.cancel().set(true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("linearizability search failed: " + e.getCause(), e.getCause());
        } finally {
            limits.cancel().set(true);
            pool.shutdownNow();
        }
        return summarize(keys, outcomes, pending.values(), System.nanoTime() - start);
    }

    private static KeyOutcome checkKey(String key, List<Operation> ops, SearchLimits limits) {
        PrePass.Result prepared = PrePass.prepare(key, ops);
        if (limits.cancel().get()) {
            return new KeyOutcome(key, ops.size(), new SearchOutcome.Unknown("cancelled", true, 0),
                    prepared.stats(), null, false);
        }
        if (System.nanoTime() - limits.deadlineNanos() > 0) {
            return new KeyOutcome(key, ops.size(), new SearchOutcome.Unknown("time limit reached before the search started",
                    false, 0), prepared.stats(), null, false);
        }
        if (UniqueValuePass.decide(prepared.problem()) instanceof UniqueValuePass.Outcome.Decided d) {
            Counterexample cex = d.outcome() instanceof SearchOutcome.Violation v
                    ? ZoneExplainer.explain(key, ops, prepared.problem(), v, d.conflict()) : null;
            return new KeyOutcome(key, ops.size(), d.outcome(), prepared.stats(), cex, true);
        }
        SearchOutcome outcome;
        try {
            outcome = new WglSearch(prepared.problem(), limits).run();
        } catch (OutOfMemoryError e) {
            // The memo budget is capped below the free heap, so this means the heap was already
            // nearly full; the search's memory is unreachable once we are here.
            outcome = new SearchOutcome.Unknown("heap exhausted during the search (raise -Xmx)", false, 0);
        }
        Counterexample cex = outcome instanceof SearchOutcome.Violation v
                ? ViolationExplainer.explain(key, ops, prepared.problem(), v) : null;
        return new KeyOutcome(key, ops.size(), outcome, prepared.stats(), cex, false);
    }

    private static LinearizabilityResult summarize(List<Map.Entry<String, List<Operation>>> keys,
                                                   List<KeyOutcome> outcomes, java.util.Collection<String> unfinished,
                                                   long elapsed) {
        Map<String, Integer> sizes = new HashMap<>();
        keys.forEach(e -> sizes.put(e.getKey(), e.getValue().size()));
        List<Counterexample> violations = new ArrayList<>();
        List<LinearizabilityResult.UnknownKey> unknown = new ArrayList<>();
        int linearizable = 0;
        int notChecked = 0;
        int byUniqueValuePass = 0;
        long states = 0;
        PrePassStats stats = PrePassStats.ZERO;
        for (KeyOutcome o : outcomes) {
            stats = stats.plus(o.stats());
            states += o.outcome().statesExplored();
            byUniqueValuePass += o.byUniqueValuePass() ? 1 : 0;
            // (pattern matching for switch is a preview feature in Java 17, hence instanceof)
            if (o.outcome() instanceof SearchOutcome.Linearizable) {
                linearizable++;
            } else if (o.outcome() instanceof SearchOutcome.Violation) {
                violations.add(o.counterexample());
            } else if (o.outcome() instanceof SearchOutcome.Unknown u) {
                if (u.cancelled()) {
                    notChecked++;
                } else {
                    unknown.add(new LinearizabilityResult.UnknownKey(o.key(), o.ops(), u.reason()));
                }
            }
        }
        boolean invalid = !violations.isEmpty();
        for (String key : unfinished) {
            if (invalid) {
                notChecked++;
            } else {
                unknown.add(new LinearizabilityResult.UnknownKey(key, sizes.get(key),
                        "time limit reached before the search finished"));
            }
        }
        violations.sort(Comparator.comparing(Counterexample::key));
        unknown.sort(Comparator.comparing(LinearizabilityResult.UnknownKey::key));
        Validity validity = invalid ? Validity.INVALID : unknown.isEmpty() ? Validity.VALID : Validity.UNKNOWN;
        return new LinearizabilityResult(validity, keys.size(), linearizable, violations, unknown, notChecked,
                byUniqueValuePass, stats, states, elapsed);
    }
}
