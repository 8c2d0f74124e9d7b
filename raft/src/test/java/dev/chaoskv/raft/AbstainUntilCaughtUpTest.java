package dev.chaoskv.raft;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.TermRuns;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose log lost entries it may have acknowledged neither votes nor campaigns until it
 * has received a leader's whole log; then it takes part in elections again.
 */
class AbstainUntilCaughtUpTest {
    private static final int ELECTION = 20;

    /** Follower n2 of n1..n3 whose log holds LSN 1..5 of term 1. */
    private static RaftCore shortenedFollower() {
        RaftConfig cfg = RaftConfig.builder("n2", List.of("n1", "n3"))
                .electionTicks(ELECTION).heartbeatTicks(2).followerTimeoutTicks(ELECTION).build();
        TermRuns terms = new TermRuns(0, 0);
        for (long lsn = 1; lsn <= 5; lsn++) terms.append(lsn, 1);
        RaftCore core = new RaftCore(cfg, (from, to, max) -> entries(1, from, to), terms, new Ready.HardState(1, null), 5, 7);
        core.abstainUntilCaughtUp();
        return core;
    }

    private static List<Entry> entries(long term, long from, long to) {
        List<Entry> out = new ArrayList<>();
        for (long lsn = from; lsn <= to; lsn++) out.add(Entry.noop(term, lsn));
        return out;
    }

    private static boolean sentVote(Ready r) {
        return r.messages().stream().anyMatch(o -> o.message() instanceof Message.Vote);
    }

    private static boolean granted(Ready r) {
        return r.messages().stream().anyMatch(o -> o.message() instanceof Message.VoteResp v && v.granted());
    }

    private static boolean campaignsWithin(RaftCore core, int ticks) {
        for (int t = 0; t < ticks; t++) {
            core.tick();
            if (sentVote(core.ready())) return true;
        }
        return false;
    }

    @Test
    void neverCampaignsWhileAbstaining() {
        RaftCore core = shortenedFollower();
        assertTrue(core.ready().events().stream().anyMatch(e -> e.contains("not voting or campaigning")));
        assertFalse(campaignsWithin(core, 10 * ELECTION));
        assertTrue(core.abstaining());
    }

    @Test
    void grantsNeitherPreVotesNorVotesToAnUpToDateCandidate() {
        RaftCore core = shortenedFollower();
        core.ready();
        core.step(new Message.Vote("n3", 2, 10, 1, true));
        assertFalse(granted(core.ready()), "pre-vote");
        core.step(new Message.Vote("n3", 2, 10, 1, false));
        assertFalse(granted(core.ready()), "vote");
    }

    @Test
    void votesAgainOnlyOnceItHoldsTheLeadersWholeLog() {
        RaftCore core = shortenedFollower();
        core.ready();
        core.step(new Message.Append("n1", 3, 5, 1, 0, 10, entries(3, 6, 8)));
        core.ready();
        assertTrue(core.abstaining(), "LSN 8 of the leader's 10: still behind");
        core.step(new Message.Append("n1", 3, 8, 3, 0, 10, entries(3, 9, 10)));
        Ready r = core.ready();
        assertFalse(core.abstaining());
        assertTrue(r.events().stream().anyMatch(e -> e.contains("caught up with leader n1 to LSN 10: voting again")), r.events().toString());

        core.peerConnectionLost("n1"); // the leader died: its lease no longer shields it
        core.step(new Message.Vote("n3", 4, 10, 3, false));
        assertTrue(granted(core.ready()), "a caught-up node votes for an up-to-date candidate");
        assertTrue(campaignsWithin(core, 10 * ELECTION), "and campaigns again");
    }

    @Test
    void aNodeThatLostNothingVotesAsBefore() {
        RaftConfig cfg = RaftConfig.builder("n2", List.of("n1", "n3")).electionTicks(ELECTION).heartbeatTicks(2).followerTimeoutTicks(ELECTION).build();
        RaftCore core = new RaftCore(cfg, (from, to, max) -> List.of(), new TermRuns(0, 0), new Ready.HardState(1, null), 0, 7);
        core.step(new Message.Vote("n3", 2, 0, 0, false));
        assertTrue(granted(core.ready()));
    }
}
