package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.gen.StaleReadPlanter;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.verdict.Validity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The issue-12 case: 20,000 operations on two keys from 64 processes, nine provably stale reads,
 * no crashes. The search alone ran into its time limit on it (unknown); it must be decided.
 */
class LargeHistoryViolationTest {

    @Test
    void staleReadsInALongHighlyConcurrentHistoryAreFound() {
        List<Operation> ops = RegisterHistoryGenerator.generate(GeneratorConfig.of(20_000, 2, 64, 0, 1))
                .history().operations();
        StaleReadPlanter.Planted planted = StaleReadPlanter.plant(ops, 9);
        assertEquals(9, planted.staleReads().size());
        var r = new LinearizabilityChecker().check(planted.operations(), new LinearizabilityChecker.Options(
                System.nanoTime() + 20_000_000_000L, 512L << 20, 2, false));
        assertEquals(Validity.INVALID, r.validity(), () -> "unknown: " + r.unknownKeys());
        assertEquals(2, r.violations().size());
        assertEquals(2, r.keysByUniqueValuePass());
        Counterexample first = r.violations().get(0);
        assertEquals("stale-read", first.kind());
        // The explanation names one of the planted reads.
        assertTrue(first.window().stream().anyMatch(o -> planted.staleReads().contains(o.id())), first.toString());
    }

    @Test
    void theSameHistoryWithoutPlantedReadsIsValid() {
        List<Operation> ops = RegisterHistoryGenerator.generate(GeneratorConfig.of(20_000, 2, 64, 0, 1))
                .history().operations();
        var r = new LinearizabilityChecker().check(ops, new LinearizabilityChecker.Options(
                System.nanoTime() + 20_000_000_000L, 512L << 20, 2, true));
        assertEquals(Validity.VALID, r.validity(), () -> "unknown: " + r.unknownKeys());
    }
}
