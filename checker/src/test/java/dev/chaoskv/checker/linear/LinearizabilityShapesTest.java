package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.testing.Hist;
import dev.chaoskv.checker.verdict.Validity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.chaoskv.checker.testing.Hist.NEVER;
import static dev.chaoskv.checker.testing.Hist.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classic history shapes, valid and invalid, each checked by the full linearizability check. */
class LinearizabilityShapesTest {

    static LinearizabilityResult check(Hist h) {
        return check(h.ops(), true);
    }

    static LinearizabilityResult check(List<Operation> ops, boolean stopAtFirst) {
        return new LinearizabilityChecker().check(ops, new LinearizabilityChecker.Options(
                System.nanoTime() + 10_000_000_000L, 256L << 20, 2, stopAtFirst));
    }

    static Counterexample onlyViolation(LinearizabilityResult r) {
        assertEquals(Validity.INVALID, r.validity(), "expected a violation");
        assertEquals(1, r.violations().size());
        Counterexample c = r.violations().get(0);
        assertTrue(c.window().size() <= Counterexample.MAX_WINDOW, "window too large: " + c.window().size());
        return c;
    }

    @Test
    void sequentialHistoryIsLinearizable() {
        var r = check(history().write(1, "k", "v1", 0, 1).read(2, "k", "v1", 2, 3).write(1, "k", "v2", 4, 5)
                .read(2, "k", "v2", 6, 7));
        assertEquals(Validity.VALID, r.validity());
        assertEquals(1, r.keysLinearizable());
    }

    @Test
    void readOfAbsentKeyBeforeAnyWriteIsLinearizable() {
        assertEquals(Validity.VALID, check(history().read(1, "k", null, 0, 1).write(2, "k", "v1", 2, 3)).validity());
    }

    @Test
    void concurrentReadMaySeeEitherValue() {
        assertEquals(Validity.VALID, check(history().write(1, "k", "v1", 0, 1).write(2, "k", "v2", 2, 10)
                .read(3, "k", "v1", 3, 4).read(4, "k", "v2", 5, 6)).validity());
    }

    @Test
    void staleReadIsReportedWithTheOverwritingWrite() {
        var c = onlyViolation(check(history().write(1, "k3", "v2", 0, 1200).write(3, "k3", "v5", 1400, 1610)
                .read(7, "k3", "v2", 1700, 1840)));
        assertEquals("stale-read", c.kind());
        assertEquals(3, c.window().size());
        assertTrue(c.sentence().startsWith("read of k3 by process 7 returned v2 at 1.840 s, but write of v5 by process 3"
                + " was acknowledged at 1.610 s"), c.sentence());
    }

    @Test
    void lostWriteShowsAsReadOfAbsentAfterAcknowledgedWrite() {
        var c = onlyViolation(check(history().write(1, "k", "v1", 0, 5).read(2, "k", null, 10, 12)));
        assertEquals("stale-read", c.kind());
        assertTrue(c.sentence().contains("returned absent"), c.sentence());
    }

    @Test
    void writeVisibleBeforeItWasInvoked() {
        var c = onlyViolation(check(history().read(1, "k", "v1", 0, 5).write(2, "k", "v1", 10, 12)));
        assertEquals("read-before-write", c.kind());
        assertTrue(c.sentence().contains("before the write of v1 was even invoked"), c.sentence());
    }

    @Test
    void casFromAValueNobodyWrote() {
        var c = onlyViolation(check(history().write(1, "k", "v1", 0, 5)
                .cas(2, "k", "ghost", "v2", Outcome.OK, 10, 12)));
        assertEquals("never-written", c.kind());
        assertTrue(c.sentence().startsWith("cas of k by process 2 from ghost to v2 succeeded"), c.sentence());
    }

    @Test
    void readOfAFailedWriteIsReported() {
        var c = onlyViolation(check(history().write(1, "k", "v1", Outcome.FAIL, 0, 5).read(2, "k", "v1", 6, 7)));
        assertEquals("failed-write-read", c.kind());
    }

    @Test
    void crashedWriteObservedLaterIsLinearizable() {
        var r = check(history().write(1, "k", "v1", 0, 1).write(2, "k", "v2", Outcome.INFO, 2, NEVER)
                .read(3, "k", "v1", 3, 4).read(3, "k", "v2", 50, 51).read(4, "k", "v2", 60, 61));
        assertEquals(Validity.VALID, r.validity());
        assertEquals(1, r.prePass().boundedCrashedWrites());
    }

    @Test
    void crashedWriteNeverObservedIsLinearizableAndDropped() {
        var r = check(history().write(1, "k", "v1", 0, 1).write(2, "k", "v2", Outcome.INFO, 2, 3)
                .read(3, "k", "v1", 10, 11));
        assertEquals(Validity.VALID, r.validity());
        assertEquals(1, r.prePass().droppedUnobservedCrashedWrites());
    }

    @Test
    void crashedWriteCannotBeObservedAfterItWasOverwrittenAndReadBack() {
        // v2's write crashed but was read at 2 ms, so it took effect by then; v3 was acknowledged
        // after that (3-4 ms) and read back; a later read of v2 would need v2 written twice.
        var c = onlyViolation(check(history().write(2, "k", "v2", Outcome.INFO, 0, NEVER)
                .read(3, "k", "v2", 1, 2).write(1, "k", "v3", 3, 4).read(3, "k", "v3", 5, 6)
                .read(4, "k", "v2", 7, 8)));
        assertEquals("stale-read", c.kind());
    }

    @Test
    void failedOperationsAreIgnored() {
        assertEquals(Validity.VALID, check(history().write(1, "k", "v1", 0, 1)
                .cas(2, "k", "nope", "v9", Outcome.FAIL, 2, 3).read(3, "k", "v1", 4, 5)).validity());
    }

    @Test
    void deleteMakesTheKeyAbsent() {
        assertEquals(Validity.VALID, check(history().write(1, "k", "v1", 0, 1).delete(1, "k", Outcome.OK, 2, 3)
                .read(2, "k", null, 4, 5)).validity());
        var c = onlyViolation(check(history().write(1, "k", "v1", 0, 1).delete(1, "k", Outcome.OK, 2, 3)
                .read(2, "k", "v1", 4, 5)));
        assertEquals("stale-read", c.kind());
    }

    /** w1 and w2 overlap everything; r1 sees v2, r2 then sees v1, r3 then sees v2 again. */
    static Hist inversion() {
        return history().write(1, "k", "v1", 0, 100).write(2, "k", "v2", 0, 100)
                .read(3, "k", "v2", 10, 20).read(3, "k", "v1", 30, 40).read(3, "k", "v2", 50, 60);
    }

    @Test
    void inversionWithoutAClassicShapeIsExplainedByTheSearch() {
        // The unique-value pass decides this history first (next test); here the search runs alone.
        List<Operation> ops = inversion().ops();
        KeyProblem problem = PrePass.prepare("k", ops).problem();
        var v = (SearchOutcome.Violation) new WglSearch(problem, new SearchLimits(System.nanoTime() + 10_000_000_000L,
                new MemoryBudget(64L << 20), new java.util.concurrent.atomic.AtomicBoolean())).run();
        var c = ViolationExplainer.explain("k", ops, problem, v);
        assertEquals("no-linearization", c.kind());
        assertTrue(c.prefixLength() >= 2, "prefix " + c.prefixLength());
        assertTrue(c.sentence().contains("read of k by process 3 returned v"), c.sentence());
        // The window holds both writes (the alternatives) and the read the search could not place.
        assertTrue(c.window().stream().filter(o -> o.f() == dev.chaoskv.checker.history.Fn.WRITE).count() >= 1,
                c.window().toString());
        assertTrue(c.window().stream().anyMatch(o -> c.sentence().contains(o.describe())), c.sentence());
    }

    @Test
    void inversionWithoutAClassicShapeIsExplainedByTheUniqueValuePass() {
        var r = check(inversion());
        var c = onlyViolation(r);
        assertEquals(1, r.keysByUniqueValuePass());
        System.out.println(c.kind() + ": " + c.sentence());
    }

    @Test
    void casChainIsLinearizable() {
        assertEquals(Validity.VALID, check(history().write(1, "k", "a", 0, 1).cas(2, "k", "a", "b", Outcome.OK, 2, 10)
                .cas(3, "k", "b", "c", Outcome.OK, 3, 11).read(4, "k", "c", 12, 13)).validity());
    }

    @Test
    void setAddsAreNotLinearizabilityChecked() {
        var r = check(history().addToSet(1, "s1", "a1", Outcome.OK, 0, 1).write(2, "k", "v", 0, 1));
        assertEquals(1, r.keys());
        assertEquals(Validity.VALID, r.validity());
    }

    @Test
    void everyKeyIsReportedWhenNotStoppingAtTheFirst() {
        var h = history().write(1, "a", "v1", 0, 1).read(2, "a", "zz", 2, 3)
                .write(1, "b", "v2", 4, 5).read(2, "b", "yy", 6, 7).write(3, "c", "v3", 0, 1);
        var all = check(h.ops(), false);
        assertEquals(2, all.violations().size());
        assertEquals(1, all.keysLinearizable());
    }

    @Test
    void firstViolationCancelsTheOtherKeys() {
        Hist h = history();
        h.write(1, "bad", "v1", 0, 1).read(2, "bad", "ghost", 2, 3);
        for (int k = 0; k < 200; k++) {
            h.write(10 + k, "k" + k, "w" + k, 0, 1).read(10 + k, "k" + k, "w" + k, 2, 3);
        }
        var r = check(h.ops(), true);
        assertEquals(Validity.INVALID, r.validity());
        assertEquals(1, r.violations().size());
        assertEquals("bad", r.violations().get(0).key());
        // Every key is accounted for: proven, violated, or left unchecked after the violation.
        assertEquals(r.keys(), r.keysLinearizable() + r.violations().size() + r.keysNotChecked());
        assertTrue(r.unknownKeys().isEmpty());
    }
}
