package dev.chaoskv.raft.sim;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The simulation must be able to fail: with a knowingly unsafe setting it has to find a safety
 * violation within a bounded number of seeds, or its fault model is too weak to trust its
 * passes. Each test stops at the first violating seed and prints it.
 */
class RaftUnsafeModeTest {
    /** Seeds tried before giving up; both modes are found within the first few seeds today. */
    private static final int MAX_SEEDS = 300;
    private static final Set<String> SAFETY = Set.of("Election Safety", "Log Matching", "Leader Completeness",
            "State Machine Safety", "Integrity");

    @Test
    void votingWithoutTheUpToDateCheckLosesCommittedEntries() {
        assertFindsViolation("unsafeElectAny", seed -> SimParams.fromSeed(seed).withUnsafeElectAny());
    }

    @Test
    void writeQuorumOfOneInThreeNodesLosesCommittedEntries() {
        assertFindsViolation("writeQuorum=1 of 3", seed -> SimParams.fromSeed(seed).withWriteQuorum(1, 3));
    }

    private static void assertFindsViolation(String mode, LongFunction<SimParams> params) {
        for (long seed = 1; seed <= MAX_SEEDS; seed++) {
            SimResult r = Scheduler.run(params.apply(seed), "(" + mode + ") seed " + seed);
            if (r.ok()) continue;
            System.out.println(mode + ": seed " + seed + " violated " + r.invariant() + "\n" + r.report());
            assertTrue(SAFETY.contains(r.invariant()), () -> mode + " broke " + r.invariant()
                    + ", expected a safety property:\n" + r.report());
            return;
        }
        fail(mode + ": no safety violation found in " + MAX_SEEDS + " seeds; the fault model is too weak");
    }
}
