package dev.chaoskv.checker.durability;

import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.testing.Hist;
import dev.chaoskv.checker.verdict.Validity;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.chaoskv.checker.testing.Hist.NEVER;
import static dev.chaoskv.checker.testing.Hist.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurabilityCheckerTest {

    static DurabilityResult check(Hist h, Map<String, String> finalData) {
        return new DurabilityChecker().check(h.ops(), finalData, "test");
    }

    static Map<String, String> state(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void lastAcknowledgedWriteInFinalStateIsValid() {
        var r = check(history().write(1, "k", "v1", 0, 1).write(1, "k", "v2", 2, 3), state("k", "v2"));
        assertEquals(Validity.VALID, r.validity());
        assertEquals(2, r.acknowledged());
    }

    @Test
    void acknowledgedWriteMissingFromFinalStateIsLost() {
        var r = check(history().write(1, "k", "v1", 0, 1000).write(1, "k", "v2", 2000, 3000), state("k", "v1"));
        assertEquals(Validity.INVALID, r.validity());
        assertEquals(1, r.count(DurabilityResult.LOST_WRITE));
        String s = r.findings().get(0).sentence();
        assertTrue(s.startsWith("write of v2 to k by process 1 was acknowledged at 3.000 s, but the final state has k = v1"),
                s);
    }

    @Test
    void concurrentWritesMayEndEitherWay() {
        var h = history().write(1, "k", "v1", 0, 10).write(2, "k", "v2", 5, 15);
        assertEquals(Validity.VALID, check(h, state("k", "v1")).validity());
        assertEquals(Validity.VALID, check(h, state("k", "v2")).validity());
    }

    @Test
    void crashedWriteMayOverwriteOrNot() {
        var h = history().write(1, "k", "v1", 0, 1).write(2, "k", "v2", Outcome.INFO, 2, NEVER);
        assertEquals(Validity.VALID, check(h, state("k", "v1")).validity());
        assertEquals(Validity.VALID, check(h, state("k", "v2")).validity());
    }

    @Test
    void writeAnsweredFailThatAppearsIsAClientLie() {
        var r = check(history().write(1, "k", "v1", 0, 1).write(2, "k", "v2", Outcome.FAIL, 2, 3), state("k", "v2"));
        assertEquals(1, r.count(DurabilityResult.FAILED_WRITE_VISIBLE));
        assertTrue(r.findings().get(0).sentence().contains("was answered fail"), r.findings().get(0).sentence());
    }

    @Test
    void valueNobodyWroteIsReported() {
        var r = check(history().write(1, "k", "v1", 0, 1), state("k", "zz", "other", "q"));
        assertEquals(2, r.count(DurabilityResult.NEVER_WRITTEN));
    }

    @Test
    void absentKeyAfterAcknowledgedWriteIsLostUnlessADeleteCouldFollow() {
        var lost = check(history().write(1, "k", "v1", 0, 1), state());
        assertEquals(1, lost.count(DurabilityResult.LOST_WRITE));
        assertTrue(lost.findings().get(0).sentence().contains("k is absent in the final state"));
        var deleted = check(history().write(1, "k", "v1", 0, 1).delete(2, "k", Outcome.INFO, 2, NEVER), state());
        assertEquals(Validity.VALID, deleted.validity());
    }

    @Test
    void deletedKeyThatReappearsIsReported() {
        var r = check(history().write(1, "k", "v1", 0, 1).delete(1, "k", Outcome.OK, 2, 3), state("k", "v1"));
        assertEquals(1, r.count(DurabilityResult.LOST_WRITE));
        assertTrue(r.findings().get(0).sentence().startsWith("delete of k by process 1 was acknowledged"));
    }

    @Test
    void acknowledgedCasResultMustSurvive() {
        var r = check(history().write(1, "k", "a", 0, 1).cas(2, "k", "a", "b", Outcome.OK, 2, 3), state("k", "a"));
        assertEquals(1, r.count(DurabilityResult.LOST_WRITE));
    }

    @Test
    void setAddsMustBePresentWhenAcknowledged() {
        var h = history().addToSet(1, "s1", "a1", Outcome.OK, 0, 1).addToSet(2, "s2", "a2", Outcome.INFO, 0, NEVER)
                .addToSet(3, "s3", "a3", Outcome.FAIL, 0, 1);
        assertEquals(Validity.VALID, check(h, state("s1", "a1")).validity());
        assertEquals(Validity.VALID, check(h, state("s1", "a1", "s2", "a2")).validity());
        assertEquals(1, check(h, state()).count(DurabilityResult.LOST_WRITE));
        assertEquals(1, check(h, state("s1", "a1", "s3", "a3")).count(DurabilityResult.FAILED_WRITE_VISIBLE));
    }
}
