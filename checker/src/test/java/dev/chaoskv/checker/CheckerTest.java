package dev.chaoskv.checker;

import dev.chaoskv.checker.durability.DurabilityResult;
import dev.chaoskv.checker.verdict.Validity;
import dev.chaoskv.checker.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-process API the chaos runner uses. */
class CheckerTest {
    @TempDir
    Path dir;

    private static final String HISTORY = """
            {"index":0,"time":0,"process":1,"type":"invoke","f":"write","key":"k1","value":"v1"}
            {"index":1,"time":1000000,"process":1,"type":"ok","f":"write","key":"k1","value":"v1"}
            {"index":2,"time":2000000,"process":"nemesis","type":"info","f":"heal","value":null}
            """;

    @Test
    void leaderReadIsPreferredOverTheLeadersDataDump() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"), HISTORY);
        // The dump is stale but the linearizable read after heal has the write: durable.
        Files.writeString(dir.resolve("final.json"), """
                {"leader":"n1","nodes":{"n1":{"role":"leader","term":1,"lastLsn":1,"commitLsn":1,"appliedLsn":1,
                 "digest":"x","data":{}}},"leaderRead":{"k1":"v1"}}
                """);
        Files.writeString(dir.resolve("lag.jsonl"), """
                {"time":1500000,"node":"n1","role":"leader","term":1,"lastLsn":1,"commitLsn":1,"appliedLsn":1}
                {"time":2500000,"node":"n2","role":"follower","term":1,"lastLsn":1,"commitLsn":1,"appliedLsn":1}
                """);
        Verdict v = new Checker().check(dir, CheckOptions.defaults());
        assertEquals(Validity.VALID, v.durability().validity());
        assertEquals(0, v.exitCode());
        assertEquals(Long.valueOf(500000), v.convergence().timeToConvergeNanos());
        Checker.writeResults(v, dir.resolve("out"));
        assertTrue(Files.exists(dir.resolve("out/verdict.json")));
        assertTrue(Files.exists(dir.resolve("out/latency-write-ok.hgrm")));
    }

    @Test
    void withoutFinalStateDurabilityAndConvergenceAreSkipped() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"), HISTORY);
        Verdict v = new Checker().check(dir.resolve("history.jsonl"), CheckOptions.defaults());
        assertEquals(Validity.SKIPPED, v.durability().validity());
        assertEquals(Validity.SKIPPED, v.convergence().validity());
        assertEquals(Validity.VALID, v.valid());
    }

    @Test
    void aRunFolderWithoutFinalStateIsUnknownNotValid() throws Exception {
        // A chaos run killed before it read the final state: its ledger exists, final.json does not.
        Files.writeString(dir.resolve("history.jsonl"), HISTORY);
        Files.writeString(dir.resolve(Checker.RUN_LEDGER), "{\"event\":\"run\"}\n");
        Verdict v = new Checker().check(dir, CheckOptions.defaults());
        assertEquals(Validity.UNKNOWN, v.durability().validity());
        assertEquals(Validity.UNKNOWN, v.convergence().validity());
        assertEquals(Validity.UNKNOWN, v.valid());
        assertEquals(2, v.exitCode());
        assertTrue(v.durability().reason().contains("could not run"), v.durability().reason());
        assertTrue(dev.chaoskv.checker.verdict.Summary.render(v).contains("could not run: no final.json"));
    }

    @Test
    void aFinalStateWithoutDataToCompareWithLeavesDurabilityUnknown() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"), HISTORY);
        Files.writeString(dir.resolve("final.json"), """
                {"leader":null,"nodes":{"n1":{"error":"connection refused"}}}
                """);
        Verdict v = new Checker().check(dir, CheckOptions.defaults());
        assertEquals(Validity.UNKNOWN, v.durability().validity());
        // No leader after heal is itself a finding, and it decides the verdict.
        assertEquals(Validity.INVALID, v.convergence().validity());
        assertEquals(1, v.exitCode());
    }

    @Test
    void lostWriteInLeaderDataMakesTheVerdictInvalid() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"), HISTORY);
        Files.writeString(dir.resolve("final.json"), """
                {"leader":"n1","nodes":{"n1":{"role":"leader","term":1,"lastLsn":1,"commitLsn":1,"appliedLsn":1,
                 "digest":"x","data":{}}}}
                """);
        Verdict v = new Checker().check(dir, CheckOptions.defaults());
        assertEquals(1, v.durability().count(DurabilityResult.LOST_WRITE));
        assertEquals(Validity.INVALID, v.valid());
        assertEquals(1, v.exitCode());
    }

    @Test
    void historyWithoutClientOperationsIsUnknown() {
        Verdict v = new Checker().check(dev.chaoskv.checker.history.History.of(java.util.List.of()), null,
                java.util.List.of(), CheckOptions.defaults(), "empty");
        assertEquals(Validity.UNKNOWN, v.valid());
        assertEquals(2, v.exitCode());
        assertEquals(java.util.List.of(Checker.NO_OPERATIONS), v.warnings());
    }

    @Test
    void malformedFinalStateIsBadInput() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"), HISTORY);
        Files.writeString(dir.resolve("final.json"), "{\"leader\":\"n9\",\"nodes\":{}}");
        var e = assertThrows(CheckerInputException.class, () -> new Checker().check(dir, CheckOptions.defaults()));
        assertTrue(e.getMessage().contains("leader \"n9\" is not among \"nodes\""), e.getMessage());
    }

    @Test
    void malformedLagLineIsBadInputWithItsLineNumber() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"), HISTORY);
        Files.writeString(dir.resolve("lag.jsonl"), """
                {"time":1,"node":"n1","role":"leader","term":1,"lastLsn":1,"commitLsn":1,"appliedLsn":1}
                {"time":2,"node":"n2","role":"follower","term":1,"lastLsn":"x","commitLsn":1,"appliedLsn":1}
                """);
        var e = assertThrows(CheckerInputException.class, () -> new Checker().check(dir, CheckOptions.defaults()));
        assertTrue(e.getMessage().startsWith("lag.jsonl line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("lastLsn must be an integer"), e.getMessage());
    }
}
