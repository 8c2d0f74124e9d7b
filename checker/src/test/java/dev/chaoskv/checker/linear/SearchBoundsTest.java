package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.verdict.Validity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search stops at its deadline and within its memory budget, reporting unknown with a reason. */
class SearchBoundsTest {

    /**
     * A hard non-linearizable history: many mutually concurrent writes whose values are read
     * in an order no single order of the writes allows, plus crashed cas operations that could
     * each have happened, so the search space is huge.
     */
    static List<Operation> hardHistory(int writers) {
        List<Operation> ops = new ArrayList<>();
        long ms = 1_000_000;
        for (int i = 0; i < writers; i++) {
            ops.add(new Operation(ops.size(), i, Fn.WRITE, "k", null, "w" + i, Outcome.OK, 0, 1000 * ms, null, 0, 0));
        }
        for (int i = 0; i < writers; i++) {
            ops.add(new Operation(ops.size(), 1000 + i, Fn.CAS, "k", "w" + i, "c" + i, Outcome.INFO, 0,
                    Operation.NO_COMPLETION, null, 0, 0));
            ops.add(new Operation(ops.size(), 3000 + i, Fn.CAS, "k", "c" + i, "w" + ((i + 1) % writers),
                    Outcome.INFO, 0, Operation.NO_COMPLETION, null, 0, 0));
        }
        // Reads alternate between values, ending with one that no order can reach last.
        for (int i = 0; i < writers; i++) {
            long t = (10 + 2L * i) * ms;
            ops.add(new Operation(ops.size(), 2000, Fn.READ, "k", null, "w" + ((i * 7) % writers), Outcome.OK, t,
                    t + ms / 2, null, 0, 0));
        }
        ops.add(new Operation(ops.size(), 2000, Fn.READ, "k", null, "nobody", Outcome.OK, 2000 * ms, 2001 * ms,
                null, 0, 0));
        return ops;
    }

    @Test
    void hardHistoryIsLeftToTheSearch() {
        // Its values are written twice (by a write and by a cas), so the unique-value pass
        // declines and the bounds below are the search's.
        var outcome = UniqueValuePass.decide(PrePass.prepare("k", hardHistory(24)).problem());
        assertTrue(outcome instanceof UniqueValuePass.Outcome.Declined d && d.reason().contains("written twice"),
                outcome.toString());
    }

    @Test
    void deadlineGivesUnknownWithinAHundredMilliseconds() {
        // Warm up class loading and the JIT so the measurement is about the search, not the JVM.
        new LinearizabilityChecker().check(hardHistory(24),
                new LinearizabilityChecker.Options(System.nanoTime() + 100_000_000L, 1L << 30, 1, true));
        long start = System.nanoTime();
        long deadline = start + 200_000_000L;
        var r = new LinearizabilityChecker().check(hardHistory(24),
                new LinearizabilityChecker.Options(deadline, 1L << 30, 1, true));
        long late = (System.nanoTime() - deadline) / 1_000_000;
        assertTrue(late < 100, "returned " + late + " ms after the deadline");
        if (r.validity() == Validity.UNKNOWN) {
            assertEquals("k", r.unknownKeys().get(0).key());
            assertTrue(r.unknownKeys().get(0).reason().contains("time limit"), r.unknownKeys().get(0).reason());
        } else {
            // A fast machine may finish; then it must have found the violation, never "valid".
            assertEquals(Validity.INVALID, r.validity());
        }
    }

    @Test
    void memoryBudgetGivesUnknownInsteadOfOutOfMemory() {
        var r = new LinearizabilityChecker().check(hardHistory(24),
                new LinearizabilityChecker.Options(System.nanoTime() + 20_000_000_000L, 64 * 1024, 1, true));
        if (r.validity() == Validity.UNKNOWN) {
            assertTrue(r.unknownKeys().get(0).reason().contains("memory budget"), r.unknownKeys().get(0).reason());
        } else {
            assertEquals(Validity.INVALID, r.validity());
        }
        assertTrue(r.statesExplored() < 2000, "a 64 KiB budget cannot hold " + r.statesExplored() + " states");
    }

    @Test
    void expiredDeadlineBeforeStartIsUnknownForEveryKey() {
        List<Operation> ops = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            ops.add(new Operation(ops.size(), k, Fn.WRITE, "k" + k, null, "v" + k, Outcome.OK, 0, 10, null, 0, 0));
        }
        var r = new LinearizabilityChecker().check(ops,
                new LinearizabilityChecker.Options(System.nanoTime() - 1, 1L << 30, 2, true));
        assertEquals(Validity.UNKNOWN, r.validity());
        assertEquals(5, r.unknownKeys().size());
    }
}
