package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.testing.Hist;
import dev.chaoskv.checker.verdict.Validity;
import org.junit.jupiter.api.Test;

import static dev.chaoskv.checker.testing.Hist.NEVER;
import static dev.chaoskv.checker.testing.Hist.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One small hand-written history per rule of the unique-value pass: what the pass itself
 * decides, and how the full check then explains it.
 */
class UniqueValuePassTest {

    static UniqueValuePass.Outcome decide(Hist h) {
        return UniqueValuePass.decide(PrePass.prepare("k", h.ops()).problem());
    }

    static void assertLinearizable(Hist h) {
        var d = assertInstanceOf(UniqueValuePass.Outcome.Decided.class, decide(h));
        assertInstanceOf(SearchOutcome.Linearizable.class, d.outcome(), () -> "conflict: " + d.conflict());
        var r = LinearizabilityShapesTest.check(h);
        assertEquals(Validity.VALID, r.validity());
        assertEquals(1, r.keysByUniqueValuePass());
    }

    /** Asserts the pass finds a violation and returns the full check's explanation of it. */
    static Counterexample assertViolation(Hist h, Class<? extends ZoneConflict> conflict) {
        var d = assertInstanceOf(UniqueValuePass.Outcome.Decided.class, decide(h));
        var v = assertInstanceOf(SearchOutcome.Violation.class, d.outcome());
        assertInstanceOf(conflict, d.conflict());
        RandomizedLinearizabilityTest.assertPrefixReplays(PrePass.prepare("k", h.ops()).problem(), v, 0);
        var r = LinearizabilityShapesTest.check(h);
        assertEquals(1, r.keysByUniqueValuePass());
        return LinearizabilityShapesTest.onlyViolation(r);
    }

    @Test
    void staleRead() {
        var c = assertViolation(history().write(1, "k", "v1", 0, 1).write(2, "k", "v2", 2, 3)
                .read(3, "k", "v1", 4, 5), ZoneConflict.Inside.class);
        assertEquals("stale-read", c.kind());
        assertEquals(3, c.window().size());
    }

    @Test
    void readOfANeverWrittenValue() {
        var c = assertViolation(history().write(1, "k", "v1", 0, 1).read(2, "k", "ghost", 2, 3),
                ZoneConflict.NeverWritten.class);
        assertEquals("never-written", c.kind());
    }

    @Test
    void readOfAValueBeforeItsWriteWasInvoked() {
        var c = assertViolation(history().read(1, "k", "v1", 0, 5).write(2, "k", "v1", 10, 12),
                ZoneConflict.OrderInversion.class);
        assertEquals("read-before-write", c.kind());
    }

    @Test
    void lostWriteViaCasChain() {
        // Two cas from a both succeeded: after the first, a was gone for good.
        var c = assertViolation(history().write(1, "k", "a", 0, 1).cas(2, "k", "a", "b", Outcome.OK, 2, 10)
                .cas(3, "k", "a", "c", Outcome.OK, 3, 11), ZoneConflict.DoubleCas.class);
        assertEquals("double-cas", c.kind());
        assertTrue(c.sentence().contains("both took effect"), c.sentence());
        assertEquals(3, c.window().size());
    }

    @Test
    void readOfAValueACasChainHadAlreadyReplaced() {
        // a -> b -> c by cas; c was read at 12-13, so a later read of b (14-15) is stale.
        var c = assertViolation(history().write(1, "k", "a", 0, 1).cas(2, "k", "a", "b", Outcome.OK, 2, 10)
                .cas(3, "k", "b", "c", Outcome.OK, 3, 11).read(4, "k", "c", 12, 13).read(5, "k", "b", 14, 15),
                ZoneConflict.OrderInversion.class);
        assertEquals("order-inversion", c.kind());
        assertTrue(c.sentence().contains("observed b, which this cas replaced"), c.sentence());
    }

    @Test
    void casChainReadsInOrderAreLinearizable() {
        assertLinearizable(history().write(1, "k", "a", 0, 1).cas(2, "k", "a", "b", Outcome.OK, 2, 10)
                .read(5, "k", "b", 9, 12).cas(3, "k", "b", "c", Outcome.OK, 3, 11).read(4, "k", "c", 12, 13));
    }

    @Test
    void crashedWriteSeenLaterTookEffect() {
        assertLinearizable(history().write(1, "k", "v1", 0, 1).write(2, "k", "v2", Outcome.INFO, 2, NEVER)
                .read(3, "k", "v1", 3, 4).read(3, "k", "v2", 50, 51).read(4, "k", "v2", 60, 61));
    }

    @Test
    void crashedWriteSeenThenOverwrittenCannotBeSeenAgain() {
        var c = assertViolation(history().write(2, "k", "v2", Outcome.INFO, 0, NEVER).read(3, "k", "v2", 1, 2)
                .write(1, "k", "v3", 3, 4).read(3, "k", "v3", 5, 6).read(4, "k", "v2", 7, 8),
                ZoneConflict.Overlap.class);
        assertEquals("stale-read", c.kind());
    }

    @Test
    void crashedWriteNeverSeenConstrainsNothing() {
        assertLinearizable(history().write(1, "k", "v1", 0, 1).write(2, "k", "v2", Outcome.INFO, 2, 3)
                .read(3, "k", "v1", 10, 11));
    }

    @Test
    void crashedCasChainSeenAtItsEndTookEffectInOrder() {
        Hist ok = history().write(1, "k", "a", 0, 1).cas(2, "k", "a", "b", Outcome.INFO, 2, 3)
                .cas(3, "k", "b", "c", Outcome.INFO, 4, 5).read(4, "k", "c", 6, 7);
        assertLinearizable(ok);
        // c was read before the cas that wrote it was invoked: the classic shape.
        var classic = assertViolation(history().write(1, "k", "a", 0, 1).read(4, "k", "c", 2, 3)
                .cas(2, "k", "a", "b", Outcome.INFO, 4, 5).cas(3, "k", "b", "c", Outcome.INFO, 4, 5),
                ZoneConflict.OrderInversion.class);
        assertEquals("read-before-write", classic.kind());
        // c was read after its cas began, but before the cas that wrote b (which c's cas expects) began.
        var c = assertViolation(history().write(1, "k", "a", 0, 1).cas(3, "k", "b", "c", Outcome.INFO, 1, NEVER)
                .read(4, "k", "c", 2, 3).cas(2, "k", "a", "b", Outcome.INFO, 4, NEVER),
                ZoneConflict.OrderInversion.class);
        assertEquals("read-before-write", c.kind());
        assertTrue(c.sentence().startsWith("cas of k from b to c by process 3 (crashed) took effect by 0.003 s,"
                + " before cas of k from a to b by process 2 was invoked at 0.004 s"), c.sentence());
    }

    @Test
    void readOfTheNextValueBeforeTheLastReadOfThePreviousOne() {
        // b replaced a (by cas) for good, so the read of b (3-4) cannot precede the read of a (10-11).
        var c = assertViolation(history().write(1, "k", "a", 0, 1).cas(2, "k", "a", "b", Outcome.OK, 2, 12)
                .read(3, "k", "b", 3, 4).read(4, "k", "a", 10, 11), ZoneConflict.OrderInversion.class);
        assertEquals("order-inversion", c.kind());
        assertTrue(c.sentence().contains("k held a before b"), c.sentence());
    }

    @Test
    void crashedCasWhoseExpectedValueNobodyWroteCannotHaveHappened() {
        var c = assertViolation(history().cas(1, "k", "ghost", "b", Outcome.INFO, 0, NEVER).read(2, "k", "b", 5, 6),
                ZoneConflict.NeverWritten.class);
        assertEquals("never-written", c.kind());
        assertTrue(c.sentence().contains("no operation ever wrote ghost"), c.sentence());
    }

    @Test
    void failedCasDidNotHappenAndConstrainsNothing() {
        // Under our contract fail means "did not happen", even when the expected value was in place.
        assertLinearizable(history().write(1, "k", "v1", 0, 1).cas(2, "k", "v1", "v2", Outcome.FAIL, 2, 3)
                .read(3, "k", "v1", 4, 5));
        assertLinearizable(history().write(1, "k", "v1", 0, 1).cas(2, "k", "zz", "v2", Outcome.FAIL, 2, 3)
                .read(3, "k", "v1", 4, 5));
    }

    @Test
    void casCycleCannotStart() {
        var c = assertViolation(history().cas(1, "k", "a", "b", Outcome.OK, 0, 10)
                .cas(2, "k", "b", "a", Outcome.OK, 0, 10), ZoneConflict.CasCycle.class);
        assertEquals("cas-cycle", c.kind());
    }

    @Test
    void concurrentReadsOfTwoValuesInterleavedAreAnOverlap() {
        var c = assertViolation(history().write(1, "k", "v1", 0, 100).write(2, "k", "v2", 0, 100)
                .read(3, "k", "v1", 10, 20).read(4, "k", "v2", 30, 40).read(5, "k", "v1", 50, 60)
                .read(6, "k", "v2", 70, 80), ZoneConflict.Overlap.class);
        assertEquals("overlapping-values", c.kind());
        assertTrue(c.sentence().startsWith("k had to hold v1 from 0.020 s"), c.sentence());
    }

    @Test
    void deleteTombstoneThenReadOfAbsentIsLinearizable() {
        assertLinearizable(history().write(1, "k", "v1", 0, 1).delete(1, "k", Outcome.OK, 2, 3)
                .read(2, "k", null, 4, 5).write(1, "k", "v2", 6, 7).delete(2, "k", Outcome.INFO, 8, NEVER)
                .read(3, "k", null, 20, 21));
    }

    @Test
    void valueReadAfterItsDeleteIsStale() {
        var c = assertViolation(history().write(1, "k", "v1", 0, 1).delete(1, "k", Outcome.OK, 2, 3)
                .read(2, "k", "v1", 4, 5), ZoneConflict.Inside.class);
        assertEquals("stale-read", c.kind());
    }

    @Test
    void readOfAbsentAfterAnAcknowledgedWriteWithoutDeletesIsALostWrite() {
        var c = assertViolation(history().write(1, "k", "v1", 0, 5).read(2, "k", null, 10, 12),
                ZoneConflict.Inside.class);
        assertEquals("stale-read", c.kind());
    }

    @Test
    void casFromAbsentTwiceWithoutDeletesIsADoubleCas() {
        assertViolation(history().cas(1, "k", null, "a", Outcome.OK, 0, 10).cas(2, "k", null, "b", Outcome.OK, 0, 10),
                ZoneConflict.DoubleCas.class);
        // With a delete in between, both can have happened.
        assertLinearizable(history().cas(1, "k", null, "a", Outcome.OK, 0, 1).delete(3, "k", Outcome.OK, 2, 3)
                .read(4, "k", null, 4, 5).cas(2, "k", null, "b", Outcome.OK, 6, 7));
    }

    @Test
    void readOfAbsentThatOnlyAnUnprovableTombstoneExplainsIsLeftToTheSearch() {
        // Absent was read after v1 was acknowledged; only the delete before v1 wrote absent. The
        // pass cannot tell which tombstone the read saw, so it declines and the search decides.
        Hist h = history().delete(1, "k", Outcome.OK, 0, 1).write(2, "k", "v1", 2, 3).read(3, "k", null, 4, 5);
        assertInstanceOf(UniqueValuePass.Outcome.Declined.class, decide(h));
        var r = LinearizabilityShapesTest.check(h);
        assertEquals(Validity.INVALID, r.validity());
        assertEquals(0, r.keysByUniqueValuePass());
    }

    @Test
    void valueWrittenTwiceIsLeftToTheSearch() {
        Hist h = history().write(1, "k", "v1", 0, 1).write(2, "k", "v1", 2, 3).read(3, "k", "v1", 4, 5);
        var declined = assertInstanceOf(UniqueValuePass.Outcome.Declined.class, decide(h));
        assertTrue(declined.reason().contains("written twice"), declined.reason());
        assertEquals(Validity.VALID, LinearizabilityShapesTest.check(h).validity());
    }
}
