package dev.chaoskv.kvnode.sim;

import dev.chaoskv.kvnode.log.Entry;
import dev.chaoskv.kvnode.log.EntryType;
import dev.chaoskv.kvnode.log.TermRuns;
import dev.chaoskv.kvnode.raft.LogStore;
import dev.chaoskv.kvnode.raft.Message;
import dev.chaoskv.kvnode.raft.RaftConfig;
import dev.chaoskv.kvnode.raft.RaftCore;
import dev.chaoskv.kvnode.raft.Ready;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regressions for the snapshot paths of the core, found once the simulation compacted logs. */
class SnapshotRegressionTest {
    /** A durable log in a list, with no compaction: enough for one core. */
    private final List<Entry> written = new ArrayList<>();
    private final LogStore store = (from, to, maxBytes) -> new ArrayList<>(written.subList((int) from - 1, (int) to));

    private static Entry put(long term, long lsn) {
        return new Entry(term, lsn, EntryType.PUT, "k".getBytes(StandardCharsets.UTF_8),
                ("v" + lsn).getBytes(StandardCharsets.UTF_8));
    }

    private void write(RaftCore core, Ready r) {
        for (Entry e : r.append()) written.add(e);
        if (!r.append().isEmpty()) core.persisted(r.append().get(r.append().size() - 1).lsn());
    }

    /**
     * Seed 463 (Liveness; the safety hazard behind it: a commit counted on entries that were
     * gone). A follower that had acknowledged LSNs 1..10 got a late snapshot at LSN 5 and
     * replaced its whole log with it, dropping 6..10 that the leader had counted towards
     * commits; the leader, believing match 10, ignored its rejections forever. A follower whose
     * log holds the snapshot's last entry must keep its log (Raft, section 7).
     */
    @Test
    void snapshotCoveredByTheLogDoesNotDropTheEntriesAfterIt() {
        RaftCore core = new RaftCore(RaftConfig.defaults("n2", List.of("n1", "n3")), store, new TermRuns(0, 0),
                new Ready.HardState(0, null), 0, 3);
        List<Entry> es = new ArrayList<>();
        for (long lsn = 1; lsn <= 10; lsn++) es.add(put(1, lsn));
        core.step(new Message.Append("n1", 1, 0, 0, 0, 10, es));
        write(core, core.ready());
        assertEquals(10, core.lastLsn());

        assertFalse(core.installSnapshot("n1", 1, 5, 1), "the log already holds LSN 5 of term 1");
        assertEquals(10, core.lastLsn(), "LSNs 6..10 were acknowledged and must stay");
        Ready r = core.ready();
        assertTrue(r.messages().stream().anyMatch(o -> o.message() instanceof Message.AppendResp a && a.success()));
    }
}
