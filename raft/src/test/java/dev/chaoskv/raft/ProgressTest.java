package dev.chaoskv.raft;

import dev.chaoskv.raft.Progress.Mode;
import dev.chaoskv.raft.log.Entry;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    private static List<Entry> entries(long from, long to) {
        List<Entry> es = new ArrayList<>();
        for (long lsn = from; lsn <= to; lsn++) es.add(Entry.noop(1, lsn));
        return es;
    }

    /** A follower that acknowledged everything up to {@code match}, streaming with a window of {@code window}. */
    private static Progress replicating(long match, int window) {
        Progress pr = new Progress(1, 0, window);
        assertTrue(pr.acknowledged(match));
        assertEquals(Mode.REPLICATE, pr.mode());
        return pr;
    }

    @Test
    void probeSendsOneAppendAndWaitsForItsAnswer() {
        Progress pr = new Progress(6, 0, 4);
        assertEquals(Mode.PROBE, pr.mode());
        assertFalse(pr.paused());
        assertFalse(pr.sentAppend(entries(6, 7), 0, 1), "a probe is one Append");
        assertTrue(pr.paused());
        assertEquals(6, pr.next(), "a probe does not advance next");
        pr.heartbeatAnswered(1, true);
        assertFalse(pr.paused(), "a heartbeat answer from a follower that is behind allows the next probe");
    }

    @Test
    void acknowledgementSwitchesToReplicateAndAdvancesNext() {
        Progress pr = new Progress(6, 0, 4);
        assertTrue(pr.acknowledged(5));
        assertEquals(Mode.REPLICATE, pr.mode());
        assertEquals(5, pr.match());
        assertEquals(6, pr.next());
        assertFalse(pr.acknowledged(5), "the same match again is no news");
        assertFalse(pr.acknowledged(3), "nor an older one");
        assertEquals(5, pr.match());
    }

    @Test
    void anAnswerThatIsNoNewsStillEndsProbing() {
        Progress pr = new Progress(1, 0, 4);
        assertFalse(pr.acknowledged(0));
        assertEquals(Mode.REPLICATE, pr.mode());
    }

    @Test
    void replicateStreamsUpToTheWindowAndAcknowledgementsReopenIt() {
        Progress pr = replicating(5, 3);
        assertTrue(pr.sentAppend(entries(6, 7), 0, 1));
        assertTrue(pr.sentAppend(entries(8, 8), 0, 1));
        assertTrue(pr.sentAppend(entries(9, 10), 0, 1));
        assertEquals(11, pr.next());
        assertTrue(pr.paused(), "three Appends in flight fill a window of three");
        assertFalse(pr.sentAppend(List.of(), 0, 1), "an Append without entries (commit only) ends the batch");
        pr.acknowledged(8);
        assertFalse(pr.paused(), "the Appends ending at 7 and 8 are acknowledged");
        assertEquals(11, pr.next(), "an acknowledgement does not move next back");
    }

    @Test
    void rejectionProbesFromTheFollowersHint() {
        Progress pr = replicating(10, 4);
        pr.sentAppend(entries(11, 20), 0, 1);
        assertTrue(pr.rejected(15, 12));
        assertEquals(Mode.PROBE, pr.mode());
        assertEquals(13, pr.next(), "after the hint, below the rejected LSN");
        assertFalse(pr.paused());

        Progress low = replicating(10, 4);
        low.sentAppend(entries(11, 20), 0, 1);
        assertTrue(low.rejected(15, 2));
        assertEquals(11, low.next(), "never below what the follower acknowledged");
    }

    @Test
    void staleRejectionsAreIgnored() {
        Progress pr = replicating(10, 4);
        pr.sentAppend(entries(11, 20), 0, 1);
        assertFalse(pr.rejected(10, 5), "in REPLICATE: rejects an LSN the follower acknowledged since");
        assertEquals(Mode.REPLICATE, pr.mode());
        assertEquals(21, pr.next());

        Progress probe = new Progress(8, 0, 4);
        assertFalse(probe.rejected(3, 1), "in PROBE: answers an earlier probe, not the current one (prev 7)");
        assertEquals(8, probe.next());
        assertTrue(probe.rejected(7, 4));
        assertEquals(5, probe.next());
    }

    @Test
    void helloRestartsProbingAfterTheFollowersLastLsn() {
        Progress pr = replicating(10, 4);
        pr.helloReceived(6, 20);
        assertEquals(Mode.PROBE, pr.mode());
        assertEquals(6, pr.match(), "a restarted follower may have lost what it acknowledged");
        assertEquals(7, pr.next());

        Progress ahead = new Progress(21, 0, 4);
        ahead.helloReceived(30, 20);
        assertEquals(21, ahead.next(), "a longer log than the leader's is probed from the leader's end");
    }

    @Test
    void anAppendStillUnacknowledgedAfterALaterHeartbeatWasAnsweredIsResent() {
        Progress pr = replicating(10, 4);
        pr.sentAppend(entries(11, 12), 0, 3);
        pr.heartbeatAnswered(3, true);
        assertEquals(Mode.REPLICATE, pr.mode(), "heartbeat 3 was sent before the Append: its answer says nothing");
        pr.heartbeatAnswered(4, true);
        assertEquals(Mode.PROBE, pr.mode(), "heartbeat 4 was sent after it and answered first: the Append was lost");
        assertEquals(11, pr.next());
        assertFalse(pr.paused());
    }

    @Test
    void aFollowerThatIsNotBehindIsLeftAlone() {
        Progress pr = replicating(10, 4);
        pr.heartbeatAnswered(9, false);
        assertEquals(Mode.REPLICATE, pr.mode());
        assertEquals(9, pr.ackedSeq());
        pr.heartbeatAnswered(4, false);
        assertEquals(9, pr.ackedSeq(), "a late answer does not lower the acknowledged round");
    }

    @Test
    void snapshotModeEndsOnFailureOrWhenItsAnswerSeemsLost() {
        Progress pr = replicating(10, 4);
        assertTrue(pr.becomeSnapshot(100));
        assertTrue(pr.paused(), "nothing but the snapshot while it streams");
        pr.heartbeatAnswered(1, true);
        assertEquals(Mode.SNAPSHOT, pr.mode(), "the first round only records where the follower is");
        pr.heartbeatAnswered(2, true);
        assertEquals(Mode.PROBE, pr.mode(), "a round without progress: the answer to the snapshot was lost");

        Progress failed = replicating(10, 4);
        failed.becomeSnapshot(100);
        failed.snapshotFailed(150);
        assertEquals(Mode.PROBE, failed.mode());
        assertFalse(failed.becomeSnapshot(149), "no new transfer during the back-off");
        assertTrue(failed.becomeSnapshot(150));
    }

    @Test
    void silenceTakesAFollowerOfflineAndAnyMessageBringsItBack() {
        Progress pr = replicating(10, 4);
        pr.heard(100);
        assertFalse(pr.goOfflineIfSilent(150, 50));
        assertTrue(pr.goOfflineIfSilent(151, 50));
        assertFalse(pr.online());
        assertEquals(Mode.PROBE, pr.mode(), "what was in flight may be lost");
        assertFalse(pr.goOfflineIfSilent(300, 50), "already offline");
        assertTrue(pr.heard(301), "it was offline");
        assertFalse(pr.heard(302));
        assertTrue(pr.online());
    }

    @Test
    void aBrokenLinkEndsStreamingOnly() {
        Progress pr = replicating(10, 4);
        pr.sentAppend(entries(11, 12), 0, 1);
        pr.linkBroke();
        assertEquals(Mode.PROBE, pr.mode());
        assertEquals(11, pr.next());

        Progress snap = replicating(10, 4);
        snap.becomeSnapshot(0);
        snap.linkBroke();
        assertEquals(Mode.SNAPSHOT, snap.mode(), "the snapshot transfer reports its own failure");
    }

    @Test
    void checkQuorumRoundsCountEachPeerOnce() {
        Progress pr = new Progress(1, 0, 4);
        assertTrue(pr.takeRecentActive(), "a new leader assumes its followers are active");
        assertFalse(pr.takeRecentActive());
        pr.heard(5);
        assertTrue(pr.takeRecentActive());
    }
}
