package dev.chaoskv.checker.testing;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An independent, exhaustive linearizability checker for small register histories: tries
 * every subset of crashed operations and every order of the chosen operations that respects
 * real time. Shares no code with the checker's search (no pre-pass, no memo, no event list).
 */
public final class BruteForce {
    private BruteForce() {
    }

    public static boolean linearizable(List<Operation> all) {
        Map<String, List<Operation>> byKey = new HashMap<>();
        for (Operation op : all) {
            if (op.f() != Fn.ADD) {
                byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        return byKey.values().stream().allMatch(BruteForce::keyLinearizable);
    }

    private static boolean keyLinearizable(List<Operation> ops) {
        List<Operation> required = new ArrayList<>();
        List<Operation> maybe = new ArrayList<>();
        for (Operation op : ops) {
            if (op.outcome() == Outcome.OK) {
                required.add(op);
            } else if (op.outcome() == Outcome.INFO && op.f() != Fn.READ) {
                maybe.add(op);
            }
        }
        if (maybe.size() > 12 || required.size() + maybe.size() > 14) {
            throw new IllegalArgumentException("too large for brute force");
        }
        for (int mask = 0; mask < (1 << maybe.size()); mask++) {
            List<Operation> chosen = new ArrayList<>(required);
            for (int i = 0; i < maybe.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    chosen.add(maybe.get(i));
                }
            }
            if (order(chosen, new boolean[chosen.size()], 0, null)) {
                return true;
            }
        }
        return false;
    }

    private static long end(Operation op) {
        return op.outcome() == Outcome.INFO ? Long.MAX_VALUE : op.completeTime();
    }

    private static boolean order(List<Operation> ops, boolean[] used, int placed, String state) {
        if (placed == ops.size()) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (used[i]) {
                continue;
            }
            Operation x = ops.get(i);
            // x may go next only if no unplaced operation had to finish before x started.
            boolean blocked = false;
            for (int j = 0; j < ops.size() && !blocked; j++) {
                blocked = !used[j] && j != i && end(ops.get(j)) < x.invokeTime();
            }
            if (blocked) {
                continue;
            }
            String next;
            switch (x.f()) {
                case READ -> {
                    if (!Objects.equals(x.value(), state)) {
                        continue;
                    }
                    next = state;
                }
                case WRITE -> next = x.value();
                case DELETE -> next = null;
                case CAS -> {
                    if (!Objects.equals(x.expected(), state)) {
                        continue;
                    }
                    next = x.value();
                }
                default -> throw new IllegalStateException();
            }
            used[i] = true;
            if (order(ops, used, placed + 1, next)) {
                return true;
            }
            used[i] = false;
        }
        return false;
    }
}
