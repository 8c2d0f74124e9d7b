package dev.chaoskv.checker.convergence;

import dev.chaoskv.checker.verdict.Validity;

import java.util.List;
import java.util.Map;

/**
 * @param validity              invalid when some node differs from the leader (or there is none);
 *                              skipped without final.json for a bare history; unknown when a
 *                              run folder has none (the run stopped before it was read)
 * @param leader                the leader after heal
 * @param mismatches            one entry per node that differs
 * @param convergeNanosPerNode  per follower: ns from the last heal until its first lag sample
 *                              caught up with the leader's commit LSN (absent = never in the samples)
 * @param timeToConvergeNanos   the slowest follower's time, or null when unknown / not converged
 * @param lagNote               how time-to-converge was obtained, or why it is missing
 */
public record ConvergenceResult(Validity validity, String reason, String leader, List<NodeMismatch> mismatches,
                                Map<String, Long> convergeNanosPerNode, Long timeToConvergeNanos,
                                String lagNote) {
    public static ConvergenceResult skipped(String reason, TimeToConverge ttc) {
        return new ConvergenceResult(Validity.SKIPPED, reason, null, List.of(), ttc.perNode(), ttc.overall(),
                ttc.note());
    }

    /** The check should have run but could not: the verdict cannot be "valid". */
    public static ConvergenceResult couldNotRun(String reason, TimeToConverge ttc) {
        return new ConvergenceResult(Validity.UNKNOWN, reason, null, List.of(), ttc.perNode(), ttc.overall(),
                ttc.note());
    }
}
