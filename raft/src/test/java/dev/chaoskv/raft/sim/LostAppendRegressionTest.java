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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression for the liveness bug the simulation found first (seed 20 of the first version of
 * the simulation, and 27 of its first 300 seeds; invariant: Liveness after heal). A follower in
 * REPLICATE mode whose last Append was lost was never sent it again while the leader stayed
 * idle: heartbeat replies only retried in PROBE mode, and an idle leader sends no later Append
 * whose rejection would reveal the gap. The follower lagged forever while heartbeats flowed.
 */
class LostAppendRegressionTest {
    private final SimDisk disk = new SimDisk();

    @Test
    void idleLeaderResendsALostAppendAfterAHeartbeatRoundWithoutProgress() {
        RaftConfig cfg = RegressionConfig.leaderAtFirstTick();
        RaftCore core = new RaftCore(cfg, disk, disk.termRuns(), disk.hardState(), 0, 7);
        core.tick(); // campaignAtStart
        write(core, core.ready());
        core.step(new Message.VoteResp("n2", 1, true, false));
        assertEquals(RaftCore.Role.LEADER, core.role());
        write(core, core.ready()); // the leader's no-op at LSN 1, probed to both followers
        core.step(new Message.AppendResp("n2", 1, true, 1, 0, 1)); // n2 matches: REPLICATE mode

        core.propose(List.of(new Entry(0, 0, EntryType.PUT, "k".getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8))));
        Ready withLsn2 = core.ready();
        assertTrue(appendCarries(withLsn2, "n2", 2), "LSN 2 is shipped to n2 once");
        write(core, withLsn2); // ... and that Append is lost.

        boolean resent = false;
        for (int round = 0; round < 5 && !resent; round++) {
            for (int t = 0; t < cfg.timing().heartbeatTicks(); t++) core.tick();
            Ready r = core.ready();
            write(core, r);
            for (Ready.Outbound o : r.messages()) {
                if (o.to().equals("n2") && o.message() instanceof Message.Heartbeat h) {
                    core.step(new Message.HeartbeatResp("n2", 1, h.seq()));
                }
            }
            Ready after = core.ready();
            write(core, after);
            resent = appendCarries(after, "n2", 2);
        }
        assertTrue(resent, "the leader must resend LSN 2 to n2 once heartbeats show n2 is not progressing");
    }

    /**
     * The first version of that fix probed whenever a follower's match had not moved between two
     * heartbeat answers, so with a round trip longer than the heartbeat interval (a latency fault)
     * every round resent the window, and on ordered links the duplicates queued up behind each
     * other (seeds 40084 and 43098 with FIFO links: Liveness, no progress). Only an answer to a
     * heartbeat sent after the Append may trigger the resend.
     */
    @Test
    void slowAnswerIsNotMistakenForALostAppend() {
        RaftConfig cfg = RegressionConfig.leaderAtFirstTick();
        RaftCore core = new RaftCore(cfg, disk, disk.termRuns(), disk.hardState(), 0, 7);
        core.tick();
        write(core, core.ready());
        core.step(new Message.VoteResp("n2", 1, true, false));
        write(core, core.ready());
        core.step(new Message.AppendResp("n2", 1, true, 1, 0, 1));
        write(core, core.ready());

        // A heartbeat goes out, then LSN 2 is shipped; the Append is slow, not lost.
        for (int t = 0; t < cfg.timing().heartbeatTicks(); t++) core.tick();
        Ready hb = core.ready();
        write(core, hb);
        long seqBeforeAppend = hb.messages().stream().filter(o -> o.to().equals("n2") && o.message() instanceof Message.Heartbeat)
                .mapToLong(o -> ((Message.Heartbeat) o.message()).seq()).max().orElseThrow();
        core.propose(List.of(new Entry(0, 0, EntryType.PUT, "k".getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8))));
        Ready withLsn2 = core.ready();
        write(core, withLsn2);
        assertTrue(appendCarries(withLsn2, "n2", 2));

        // Answers to heartbeats sent before the Append arrive, twice: no reason to resend.
        core.step(new Message.HeartbeatResp("n2", 1, seqBeforeAppend));
        Ready r1 = core.ready();
        write(core, r1);
        core.step(new Message.HeartbeatResp("n2", 1, seqBeforeAppend));
        Ready r2 = core.ready();
        assertTrue(!appendCarries(r1, "n2", 2) && !appendCarries(r2, "n2", 2),
                "an answer to a heartbeat sent before the Append says nothing about the Append");
    }

    private static boolean appendCarries(Ready r, String to, long lsn) {
        for (Ready.Outbound o : r.messages()) {
            if (o.to().equals(to) && o.message() instanceof Message.Append a
                    && a.entries().stream().anyMatch(e -> e.lsn() == lsn)) {
                return true;
            }
        }
        return false;
    }

    private void write(RaftCore core, Ready r) {
        if (r.hardState() != null) disk.writeHardState(r.hardState());
        disk.truncateAfter(r.truncateAfter());
        for (Entry e : r.append()) disk.append(e);
        if (!r.append().isEmpty()) core.persisted(r.append().get(r.append().size() - 1).lsn());
    }
}
