package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import dev.chaoskv.raft.log.TermRuns;
import dev.chaoskv.raft.LogStore;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.RaftConfig;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;
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
        RaftCore core = new RaftCore(RaftConfig.builder("n2", List.of("n1", "n3")).build(), store, new TermRuns(0, 0),
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

    /**
     * Seed 513 (Liveness): the follower installed a snapshot but its reply was lost; the leader
     * stayed in SNAPSHOT mode for it for good, sending neither entries nor another snapshot
     * while heartbeats showed the follower alive. After a heartbeat round without progress the
     * leader must ask its driver again.
     */
    @Test
    void lostAnswerToASnapshotIsRecoveredByHeartbeats() {
        RaftConfig cfg = RegressionConfig.leaderAtFirstTick();
        RaftCore core = new RaftCore(cfg, store, new TermRuns(0, 0), new Ready.HardState(0, null), 0, 5);
        core.tick();
        write(core, core.ready());
        core.step(new Message.VoteResp("n2", 1, true, false));
        assertEquals(RaftCore.Role.LEADER, core.role());
        write(core, core.ready()); // no-op at LSN 1
        List<Entry> cmds = new ArrayList<>();
        for (int i = 0; i < 4; i++) cmds.add(put(0, 0));
        core.propose(cmds);
        write(core, core.ready()); // LSNs 2..5
        core.step(new Message.AppendResp("n2", 1, true, 5, 0, 5));
        write(core, core.ready());
        assertEquals(5, core.commitLsn());
        core.compact(5);

        core.step(new Message.Hello("n3", 1, 0, 0)); // n3 has nothing: it needs a snapshot
        Ready r = core.ready();
        write(core, r);
        assertEquals(List.of("n3"), r.snapshotRequests());
        // The driver streams it, n3 installs it, and n3's AppendResp is lost.

        boolean askedAgain = false;
        for (int round = 0; round < 5 && !askedAgain; round++) {
            for (int t = 0; t < cfg.timing().heartbeatTicks(); t++) core.tick();
            Ready hb = core.ready();
            write(core, hb);
            for (Ready.Outbound o : hb.messages()) {
                if (o.to().equals("n3") && o.message() instanceof Message.Heartbeat h) {
                    core.step(new Message.HeartbeatResp("n3", 1, h.seq()));
                }
            }
            Ready after = core.ready();
            write(core, after);
            askedAgain = after.snapshotRequests().contains("n3");
        }
        assertTrue(askedAgain, "the leader must ask for the snapshot again once heartbeats show n3 is not progressing");
    }
}
