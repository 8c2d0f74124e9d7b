package dev.chaoskv.raft;

import dev.chaoskv.raft.log.TermRuns;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A follower that sees its leader's connection close campaigns early, and stops defending the leader's lease. */
class LeaderConnectionLostTest {
    private static final int ELECTION = 100, HEARTBEAT = 10;

    private static RaftCore follower(long seed) {
        RaftConfig cfg = RaftConfig.builder("n2", List.of("n1", "n3"))
                .electionTicks(ELECTION).heartbeatTicks(HEARTBEAT).followerTimeoutTicks(ELECTION).build();
        RaftCore core = new RaftCore(cfg, (from, to, max) -> List.of(), new TermRuns(0, 0), new Ready.HardState(1, null), 0, seed);
        core.step(new Message.Heartbeat("n1", 1, 0, 1));
        core.ready();
        return core;
    }

    private static boolean sentPreVote(Ready r) {
        return r.messages().stream().anyMatch(o -> o.message() instanceof Message.Vote v && v.preVote());
    }

    /** Ticks until a pre-vote goes out; returns how many ticks that took (or -1). */
    private static int ticksUntilPreVote(RaftCore core, int max) {
        for (int t = 1; t <= max; t++) {
            core.tick();
            if (sentPreVote(core.ready())) return t;
        }
        return -1;
    }

    @Test
    void campaignsWithinAHeartbeatPlusHalfAnElectionTimeoutAfterTheLeadersConnectionCloses() {
        for (long seed = 0; seed < 50; seed++) {
            RaftCore core = follower(seed);
            core.peerConnectionLost("n1");
            int t = ticksUntilPreVote(core, 3 * ELECTION);
            assertTrue(t >= HEARTBEAT && t <= HEARTBEAT + ELECTION / 2, "seed " + seed + ": pre-vote after " + t + " ticks");
        }
    }

    @Test
    void withoutThatSignalItWaitsAWholeElectionTimeout() {
        for (long seed = 0; seed < 50; seed++) {
            int t = ticksUntilPreVote(follower(seed), 3 * ELECTION);
            assertTrue(t >= ELECTION, "seed " + seed + ": pre-vote after only " + t + " ticks");
        }
    }

    @Test
    void aLostConnectionFromSomeoneElseChangesNothing() {
        RaftCore core = follower(1);
        core.peerConnectionLost("n3");
        assertTrue(ticksUntilPreVote(core, 3 * ELECTION) >= ELECTION);
    }

    @Test
    void grantsAPreVoteOnlyOnceTheLeadersConnectionIsGone() {
        RaftCore defended = follower(2);
        defended.step(new Message.Vote("n3", 2, 0, 0, true));
        assertFalse(granted(defended.ready()), "a follower that just heard its leader defends the lease");

        RaftCore released = follower(3);
        released.peerConnectionLost("n1");
        released.step(new Message.Vote("n3", 2, 0, 0, true));
        assertTrue(granted(released.ready()), "the leader's connection is gone: the lease is not defended");

        released.step(new Message.Heartbeat("n1", 1, 0, 2));
        released.ready();
        released.step(new Message.Vote("n3", 2, 0, 0, true));
        assertFalse(granted(released.ready()), "hearing the leader again restores the lease");
    }

    private static boolean granted(Ready r) {
        return r.messages().stream().anyMatch(o -> o.message() instanceof Message.VoteResp v && v.granted());
    }
}
