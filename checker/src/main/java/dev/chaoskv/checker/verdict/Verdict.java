package dev.chaoskv.checker.verdict;

import dev.chaoskv.checker.convergence.ConvergenceResult;
import dev.chaoskv.checker.durability.DurabilityResult;
import dev.chaoskv.checker.linear.LinearizabilityResult;
import dev.chaoskv.checker.stats.OperationStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The checker's answer for one run.
 *
 * @param valid        overall: invalid if any check is, else unknown if any is, else valid
 * @param source       what was checked (path of the history)
 * @param operations   client operations in the history
 * @param warnings     non-fatal remarks about the input
 * @param elapsedNanos wall time of the whole check, parsing included
 */
public record Verdict(Validity valid, String source, long operations, DurabilityResult durability,
                      ConvergenceResult convergence, LinearizabilityResult linearizability, OperationStats stats,
                      List<String> warnings, long elapsedNanos) {

    public Verdict {
        warnings = List.copyOf(warnings);
    }

    /** 0 valid, 1 invalid, 2 unknown (bad input never yields a Verdict: it is an exception, exit 3). */
    public int exitCode() {
        return valid.exitCode();
    }

    public static Validity combine(DurabilityResult d, ConvergenceResult c, LinearizabilityResult l) {
        List<Validity> parts = new ArrayList<>();
        parts.add(d.validity());
        parts.add(c.validity());
        parts.add(l.validity());
        return Validity.combine(parts);
    }
}
