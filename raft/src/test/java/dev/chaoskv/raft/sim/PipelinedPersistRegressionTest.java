package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.RaftConfig;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression for the first safety bug the simulation found (seeds 1253 and 1638, State Machine
 * Safety): with a driver that keeps stepping the core while a Ready is being written, an input
 * that truncated the Ready's entries made the later {@code persisted(lastLsn)} of that Ready
 * mark the replacement entries durable. They were then never handed out to be written, and the
 * core read the old, truncated entries back from the store and handed them out as committed.
 */
class PipelinedPersistRegressionTest {

    private static Entry put(long term, long lsn, String v) {
        return new Entry(term, lsn, EntryType.PUT, "k".getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void persistedOfATruncatedReadyDoesNotCoverItsReplacement() {
        SimDisk disk = new SimDisk();
        RaftConfig cfg = RaftConfig.builder("n1", List.of("n2", "n3")).build();
        RaftCore core = new RaftCore(cfg, disk, disk.termRuns(), disk.hardState(), 0, 1);

        // Leader n2 of term 1 sends LSNs 1..3; the driver takes the Ready and starts writing it.
        core.step(new Message.Append("n2", 1, 0, 0, 0, 3, List.of(put(1, 1, "a"), put(1, 2, "b"), put(1, 3, "c"))));
        Ready first = core.ready();
        assertEquals(3, first.append().size());

        // Before that write finishes, leader n3 of term 2 replaces LSN 2 and commits it.
        Entry replacement = put(2, 2, "B");
        core.step(new Message.Append("n3", 2, 1, 1, 2, 2, List.of(replacement)));

        // The first Ready's write completes: LSNs 1..3 of term 1 are on disk.
        disk.writeHardState(first.hardState());
        for (Entry e : first.append()) disk.append(e);
        core.persisted(3);

        Ready second = core.ready();
        assertEquals(1, second.truncateAfter());
        assertEquals(List.of(replacement), second.append(), "the replacement entry must still be handed out to be written");
        assertEquals(2, second.committed().size());
        assertEquals(2, second.committed().get(1).term(), "LSN 2 committed with the term the leader wrote it in");
        assertArrayEquals(replacement.value(), second.committed().get(1).value());
    }

    @Test
    void seedsThatFoundIt() {
        for (long seed : new long[]{1253, 1638}) {
            SimResult r = Scheduler.run(SimParams.fromSeed(seed), RaftSimulationTest.REPRO + seed);
            assertTrue(r.ok(), () -> r.report());
        }
    }
}
