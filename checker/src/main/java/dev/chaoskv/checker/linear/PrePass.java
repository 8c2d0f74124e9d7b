package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sound simplifications of one key's history before the search:
 * <ul>
 *   <li>failed operations did not happen: dropped;</li>
 *   <li>crashed reads constrain nothing (they may not have happened): dropped;</li>
 *   <li>a crashed write/cas whose unique value no operation observed: dropped. If it took effect,
 *       the next operation in any linearization must be a blind write (nothing reads or
 *       cas-expects its value), so removing it leaves a valid linearization, and vice versa;</li>
 *   <li>a crashed write/cas whose unique value an acknowledged operation observed did happen,
 *       and before the observer returned: its return is bounded by the earliest such completion,
 *       so the search no longer treats it as open-ended;</li>
 *   <li>a crashed delete is dropped when nothing observed "absent".</li>
 * </ul>
 * Set-workload adds are not register operations and never reach the search.
 */
final class PrePass {
    private PrePass() {
    }

    record Result(KeyProblem problem, PrePassStats stats) {
    }

    static Result prepare(String key, List<Operation> ops) {
        long droppedFailed = 0;
        long droppedReads = 0;
        long droppedWrites = 0;
        long bounded = 0;
        long open = 0;
        Map<String, Integer> producers = new HashMap<>();
        Map<String, Long> earliestObserver = new HashMap<>();
        Set<String> weaklyObserved = new HashSet<>();
        boolean absentObserved = false;
        for (Operation op : ops) {
            if (op.f() == Fn.ADD) {
                continue;
            }
            if (op.outcome() != Outcome.FAIL && (op.f() == Fn.WRITE || op.f() == Fn.CAS)) {
                producers.merge(op.value(), 1, Integer::sum);
            }
            String observed = switch (op.f()) {
                case READ -> op.value();
                case CAS -> op.expected();
                default -> null;
            };
            boolean observes = op.f() == Fn.READ || op.f() == Fn.CAS;
            if (!observes || op.outcome() == Outcome.FAIL || (op.f() == Fn.READ && op.isInfo())) {
                continue;
            }
            if (observed == null) {
                absentObserved = true;
            } else if (op.isOk()) {
                earliestObserver.merge(observed, op.completeTime(), Math::min);
            } else {
                weaklyObserved.add(observed); // a crashed cas that may have seen it
            }
        }
        List<Operation> kept = new ArrayList<>(ops.size());
        List<Long> rets = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            if (op.f() == Fn.ADD) {
                continue;
            }
            if (op.outcome() == Outcome.FAIL) {
                droppedFailed++;
                continue;
            }
            if (!op.isInfo()) {
                kept.add(op);
                rets.add(op.completeTime());
                continue;
            }
            if (op.f() == Fn.READ) {
                droppedReads++;
                continue;
            }
            if (op.f() == Fn.DELETE) {
                if (!absentObserved) {
                    droppedWrites++;
                } else {
                    open++;
                    kept.add(op);
                    rets.add(KeyProblem.OPEN);
                }
                continue;
            }
            String v = op.value();
            Long observer = earliestObserver.get(v);
            boolean unique = producers.getOrDefault(v, 0) == 1;
            if (unique && observer != null) {
                bounded++;
                kept.add(op);
                rets.add(Math.max(observer, op.invokeTime()));
            } else if (unique && !weaklyObserved.contains(v)) {
                droppedWrites++;
            } else {
                open++;
                kept.add(op);
                rets.add(KeyProblem.OPEN);
            }
        }
        PrePassStats stats = new PrePassStats(ops.size(), droppedFailed, droppedReads, droppedWrites, bounded, open);
        return new Result(encode(key, kept, rets), stats);
    }

    private static KeyProblem encode(String key, List<Operation> kept, List<Long> rets) {
        int n = kept.size();
        byte[] kind = new byte[n];
        int[] arg = new int[n];
        int[] arg2 = new int[n];
        long[] call = new long[n];
        long[] ret = new long[n];
        Operation[] source = new Operation[n];
        Map<String, Integer> intern = new HashMap<>();
        List<String> values = new ArrayList<>();
        values.add(null);
        for (int i = 0; i < n; i++) {
            Operation op = kept.get(i);
            source[i] = op;
            call[i] = op.invokeTime();
            ret[i] = rets.get(i);
            switch (op.f()) {
                case READ -> {
                    kind[i] = KeyProblem.READ;
                    arg[i] = intern(op.value(), intern, values);
                }
                case WRITE -> {
                    kind[i] = KeyProblem.WRITE;
                    arg[i] = intern(op.value(), intern, values);
                }
                case DELETE -> kind[i] = KeyProblem.DELETE;
                case CAS -> {
                    kind[i] = KeyProblem.CAS;
                    arg[i] = intern(op.expected(), intern, values);
                    arg2[i] = intern(op.value(), intern, values);
                }
                case ADD -> throw new IllegalStateException("adds are filtered out");
            }
        }
        return new KeyProblem(key, kind, arg, arg2, call, ret, source, values);
    }

    private static int intern(String v, Map<String, Integer> intern, List<String> values) {
        if (v == null) {
            return 0;
        }
        return intern.computeIfAbsent(v, s -> {
            values.add(s);
            return values.size() - 1;
        });
    }
}
