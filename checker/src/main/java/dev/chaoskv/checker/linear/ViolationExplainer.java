package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.history.Values;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a key the search proved non-linearizable into a small, plain counterexample.
 *
 * <p>It first looks for the classic shapes, each of which is on its own a proof (values are
 * unique per run): an acknowledged read (or cas) observed a value nobody wrote, or only a
 * failed write wrote, or whose write was invoked only after the read completed, or that had
 * been overwritten: some acknowledged write began after every write of the value had completed
 * and itself completed before the read began. The earliest-completing such observer is reported
 * with a window of at most three operations. Otherwise it falls back to the search's longest
 * linearizable prefix and the operation that could not follow it, plus the operations
 * concurrent with that one.
 */
final class ViolationExplainer {
    private ViolationExplainer() {
    }

    static Counterexample explain(String key, List<Operation> allOps, KeyProblem problem,
                                  SearchOutcome.Violation v) {
        List<Operation> prefixTail = prefixTail(problem, v.prefix());
        String stateAfter = problem.value(v.stateAfter());
        Counterexample shaped = classicShape(key, allOps, v.prefix().length, prefixTail, stateAfter);
        if (shaped != null) {
            return shaped;
        }
        return general(key, problem, v, prefixTail, stateAfter);
    }

    /** The last few operations of a linearizable prefix, for the counterexample. */
    static List<Operation> prefixTail(KeyProblem problem, int[] prefix) {
        List<Operation> tail = new ArrayList<>();
        for (int k = Math.max(0, prefix.length - 5); k < prefix.length; k++) {
            tail.add(problem.source[prefix[k]]);
        }
        return tail;
    }

    /** Writers of a value with their latest end (+inf for crashed ones). */
    private record Producers(List<Operation> ops, long latestEnd, boolean anyNotFailed) {
    }

    static Counterexample classicShape(String key, List<Operation> allOps, int prefixLength,
                                       List<Operation> prefixTail, String stateAfter) {
        Map<String, List<Operation>> producers = new HashMap<>();
        List<Operation> mutators = new ArrayList<>();
        List<Operation> observers = new ArrayList<>();
        for (Operation op : allOps) {
            if (op.f() == Fn.ADD) {
                continue;
            }
            if (op.f().mutates()) {
                producers.computeIfAbsent(op.value(), x -> new ArrayList<>()).add(op);
                if (op.isOk()) {
                    mutators.add(op);
                }
            }
            if (op.isOk() && (op.f() == Fn.READ || op.f() == Fn.CAS)) {
                observers.add(op);
            }
        }
        observers.sort(Comparator.comparingLong(Operation::completeTime));
        // A crashed write whose unique value was observed happened before its first observer returned.
        Map<String, Long> firstObserved = new HashMap<>();
        for (Operation o : observers) {
            firstObserved.putIfAbsent(o.f() == Fn.READ ? o.value() : o.expected(), o.completeTime());
        }
        // Acknowledged mutators by completion, with the latest-invoked one among each prefix.
        mutators.sort(Comparator.comparingLong(Operation::completeTime));
        Operation[] latestInvoked = new Operation[mutators.size()];
        for (int i = 0; i < mutators.size(); i++) {
            Operation m = mutators.get(i);
            latestInvoked[i] = i == 0 || m.invokeTime() > latestInvoked[i - 1].invokeTime() ? m : latestInvoked[i - 1];
        }
        for (Operation r : observers) {
            String seen = r.f() == Fn.READ ? r.value() : r.expected();
            Producers prod = producersOf(seen, producers, firstObserved);
            if (seen != null && prod.ops().isEmpty()) {
                return shape(key, "never-written", did(key, r, seen) + ", but no operation ever wrote " + seen,
                        List.of(r), prefixLength, prefixTail, stateAfter);
            }
            if (seen != null && !prod.anyNotFailed()) {
                Operation w = prod.ops().get(0);
                return shape(key, "failed-write-read", did(key, r, seen) + ", but the only write of " + seen + " (process "
                                + w.process() + ") was answered fail at " + Values.seconds(w.completeTime()),
                        List.of(w, r), prefixLength, prefixTail, stateAfter);
            }
            if (seen != null) {
                Operation earliest = prod.ops().stream().filter(o -> o.outcome() != Outcome.FAIL)
                        .min(Comparator.comparingLong(Operation::invokeTime)).orElseThrow();
                if (earliest.invokeTime() > r.completeTime()) {
                    return shape(key, "read-before-write", did(key, r, seen) + ", before the write of " + seen
                                    + " was even invoked (by process " + earliest.process() + " at "
                                    + Values.seconds(earliest.invokeTime()) + ")",
                            List.of(r, earliest), prefixLength, prefixTail, stateAfter);
                }
            }
            Operation over = latestInvokedCompletedBefore(mutators, latestInvoked, r.invokeTime());
            if (over != null && over.invokeTime() > prod.latestEnd() && !Objects.equals(over.value(), seen)) {
                List<Operation> window = new ArrayList<>();
                Operation lastProducer = prod.ops().stream().filter(o -> o.outcome() != Outcome.FAIL)
                        .max(Comparator.comparingLong(Operation::completeTime)).orElse(null);
                String since;
                if (lastProducer != null) {
                    window.add(lastProducer);
                    since = lastProducer.isInfo()
                            ? "after the crashed write of " + seen + " must have taken effect (it was read by "
                            + Values.seconds(prod.latestEnd()) + ")"
                            : "after " + Values.show(seen) + "'s write completed at "
                            + Values.seconds(lastProducer.completeTime());
                } else {
                    since = "and nothing deleted " + key + " afterwards";
                }
                window.add(over);
                window.add(r);
                String overDid = switch (over.f()) {
                    case DELETE -> "delete of " + key + " by process " + over.process();
                    case CAS -> "cas of " + key + " to " + over.value() + " by process " + over.process();
                    default -> "write of " + over.value() + " by process " + over.process();
                };
                return shape(key, "stale-read", did(key, r, seen) + ", but " + overDid + " was acknowledged at "
                                + Values.seconds(over.completeTime()) + ", " + since
                                + " and before this operation began at " + Values.seconds(r.invokeTime()),
                        window, prefixLength, prefixTail, stateAfter);
            }
        }
        return null;
    }

    /** "read of k by process 7 returned v2 at 1.840 s"; built only for the observer reported (it is costly). */
    private static String did(String key, Operation r, String seen) {
        String did = r.f() == Fn.READ
                ? "read of " + key + " by process " + r.process() + " returned " + Values.show(seen)
                : "cas of " + key + " by process " + r.process() + " from " + Values.show(seen) + " to "
                + Values.show(r.value()) + " succeeded";
        return did + " at " + Values.seconds(r.completeTime());
    }

    private static Producers producersOf(String value, Map<String, List<Operation>> producers,
                                         Map<String, Long> firstObserved) {
        List<Operation> ops = producers.getOrDefault(value, List.of());
        long latest = Long.MIN_VALUE; // for absent, the initial state counts as a producer ending at -inf
        boolean notFailed = value == null;
        long applied = ops.stream().filter(o -> o.outcome() != Outcome.FAIL).count();
        for (Operation o : ops) {
            if (o.outcome() == Outcome.FAIL) {
                continue;
            }
            notFailed = true;
            long end = o.completeTime();
            if (o.isInfo()) {
                // Open-ended, unless it is the only writer of an observed value (see PrePass).
                end = value != null && applied == 1 && firstObserved.containsKey(value)
                        ? Math.max(firstObserved.get(value), o.invokeTime()) : Long.MAX_VALUE;
            }
            latest = Math.max(latest, end);
        }
        return new Producers(ops, latest, notFailed);
    }

    /** Among acknowledged mutators that completed before {@code time}, the one invoked last. */
    private static Operation latestInvokedCompletedBefore(List<Operation> byCompletion, Operation[] latestInvoked,
                                                          long time) {
        int lo = 0;
        int hi = byCompletion.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (byCompletion.get(mid).completeTime() < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? null : latestInvoked[lo - 1];
    }

    static Counterexample shape(String key, String kind, String sentence, List<Operation> window,
                                        int prefixLength, List<Operation> prefixTail, String stateAfter) {
        List<Operation> sorted = new ArrayList<>(window);
        sorted.sort(Comparator.comparingLong(Operation::invokeTime));
        return new Counterexample(key, kind, sentence, sorted, prefixLength, prefixTail, stateAfter);
    }

    private static Counterexample general(String key, KeyProblem p, SearchOutcome.Violation v,
                                          List<Operation> prefixTail, String stateAfter) {
        Operation blocking = p.source[v.blockingOp()];
        long bCall = p.call[v.blockingOp()];
        long bRet = p.ret[v.blockingOp()];
        Set<Operation> window = new LinkedHashSet<>();
        // The end of the prefix explains the state; concurrent operations are the alternatives tried.
        for (int k = Math.max(0, prefixTail.size() - 3); k < prefixTail.size(); k++) {
            window.add(prefixTail.get(k));
        }
        window.add(blocking);
        boolean[] inPrefix = new boolean[p.n];
        for (int op : v.prefix()) {
            inPrefix[op] = true;
        }
        List<Integer> concurrent = new ArrayList<>();
        for (int i = 0; i < p.n; i++) {
            if (!inPrefix[i] && i != v.blockingOp() && p.call[i] <= bRet && p.ret[i] >= bCall) {
                concurrent.add(i);
            }
        }
        concurrent.sort(Comparator.comparingLong(i -> Math.abs(p.call[i] - bCall)));
        for (int i : concurrent) {
            if (window.size() >= Counterexample.MAX_WINDOW) {
                break;
            }
            window.add(p.source[i]);
        }
        String last = prefixTail.isEmpty() ? "" : ", ending with " + prefixTail.get(prefixTail.size() - 1).describe();
        String sentence = "no order of the operations on " + key + " explains " + blocking.describe()
                + " (invoked at " + Values.seconds(blocking.invokeTime()) + ", completed at "
                + Values.seconds(blocking.completeTime()) + "): the longest linearizable prefix has "
                + v.prefix().length + " operation(s)" + last + " and leaves " + key + " = " + Values.show(stateAfter)
                + ", from which none of the operations still open can make it happen";
        List<Operation> sorted = new ArrayList<>(window);
        sorted.sort(Comparator.comparingLong(Operation::invokeTime));
        return new Counterexample(key, "no-linearization", sentence, sorted, v.prefix().length, prefixTail,
                stateAfter);
    }
}
