package dev.chaoskv.checker.durability;

import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.history.Values;
import dev.chaoskv.checker.verdict.Finding;
import dev.chaoskv.checker.verdict.Validity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Check 1: every acknowledged write is in the final state unless something could have
 * overwritten it. Linear in the number of operations, never "unknown".
 *
 * <p>Per key, with final value F: the operations that may have produced F are the writes of F
 * that were not answered fail (plus the initial "absent" state when F is absent, which
 * precedes everything). An acknowledged write of another value that was invoked after every
 * possible producer of F had completed must have been ordered after all of them, so F can only
 * be final if that write was lost. Values are unique per run, which makes "producer of F"
 * well defined.
 */
public final class DurabilityChecker {
    private static final long NEVER = Long.MIN_VALUE;
    private static final long OPEN = Long.MAX_VALUE;

    /** Per-key accumulator: one pass over the operations fills these. */
    private static final class KeyState {
        final String finalValue;
        long latestProducerEnd; // NEVER = nothing may have produced the final value
        int producers;
        int failedProducers;
        Operation lastProducer;
        Operation firstFailedProducer;
        Operation latestOkOther; // acknowledged write of another value with the latest invocation

        KeyState(String finalValue) {
            this.finalValue = finalValue;
            // The initial state (absent) "produced" an absent final value before the run began.
            this.latestProducerEnd = finalValue == null ? Long.MIN_VALUE + 1 : NEVER;
        }
    }

    public DurabilityResult check(List<Operation> ops, Map<String, String> finalData, String source) {
        Map<String, KeyState> keys = new HashMap<>();
        long acknowledged = 0;
        for (Operation op : ops) {
            if (!op.f().mutates()) {
                continue;
            }
            KeyState k = keys.computeIfAbsent(op.key(), key -> new KeyState(finalData.get(key)));
            if (op.isOk()) {
                acknowledged++;
            }
            if (Objects.equals(op.value(), k.finalValue)) {
                k.producers++;
                if (op.outcome() == Outcome.FAIL) {
                    k.failedProducers++;
                    if (k.firstFailedProducer == null) {
                        k.firstFailedProducer = op;
                    }
                } else {
                    long end = op.isInfo() ? OPEN : op.completeTime();
                    if (end > k.latestProducerEnd) {
                        k.latestProducerEnd = end;
                        k.lastProducer = op;
                    }
                }
            } else if (op.isOk() && (k.latestOkOther == null || op.invokeTime() > k.latestOkOther.invokeTime())) {
                k.latestOkOther = op;
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, KeyState> e : keys.entrySet()) {
            judge(e.getKey(), e.getValue(), findings);
        }
        // Keys in the final state that no operation touched at all.
        TreeSet<String> untouched = new TreeSet<>();
        finalData.forEach((key, value) -> {
            if (value != null && !keys.containsKey(key)) {
                untouched.add(key);
            }
        });
        for (String key : untouched) {
            findings.add(new Finding(DurabilityResult.NEVER_WRITTEN, key, "the final state has " + key + " = "
                    + finalData.get(key) + ", but no operation in the history wrote " + key, List.of()));
        }
        findings.sort(java.util.Comparator.comparing(Finding::key));
        Validity validity = findings.isEmpty() ? Validity.VALID : Validity.INVALID;
        return new DurabilityResult(validity, "final state: " + source, keys.size(), acknowledged, findings);
    }

    private static void judge(String key, KeyState k, List<Finding> out) {
        String fv = k.finalValue;
        if (fv != null && k.producers == 0) {
            out.add(new Finding(DurabilityResult.NEVER_WRITTEN, key, "the final state has " + key + " = " + fv
                    + ", but no operation ever wrote " + fv, List.of()));
            return;
        }
        if (fv != null && k.producers == k.failedProducers) {
            Operation lie = k.firstFailedProducer;
            out.add(new Finding(DurabilityResult.FAILED_WRITE_VISIBLE, key, lie.describe() + " was answered fail at "
                    + Values.seconds(lie.completeTime()) + ", but the final state has " + key + " = " + fv
                    + " (a fail must mean it did not happen)", List.of(lie)));
            return;
        }
        Operation lost = k.latestOkOther;
        if (lost != null && lost.invokeTime() > k.latestProducerEnd) {
            String now = fv == null ? key + " is absent in the final state" : "the final state has " + key + " = " + fv;
            String why = k.lastProducer == null
                    ? (fv == null ? " and nothing could have deleted it afterwards" : "")
                    : ", whose last possible write (" + k.lastProducer.describe() + ") completed at "
                    + Values.seconds(k.lastProducer.completeTime()) + ", before it began at "
                    + Values.seconds(lost.invokeTime());
            List<Operation> shown = k.lastProducer == null ? List.of(lost) : List.of(k.lastProducer, lost);
            out.add(new Finding(DurabilityResult.LOST_WRITE, key, lost.describe() + " was acknowledged at "
                    + Values.seconds(lost.completeTime()) + ", but " + now + why, shown));
        }
    }
}
