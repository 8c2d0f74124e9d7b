package dev.chaoskv.raft;

import dev.chaoskv.raft.ReadIndexQueue.PendingRead;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadIndexQueueTest {
    private final ReadIndexQueue queue = new ReadIndexQueue();

    @Test
    void readsAreConfirmedInOrderByTheRoundTheyWaitFor() {
        queue.awaitAcks(null, 1, 10, 4);
        queue.awaitAcks("n2", 2, 11, 4);
        queue.awaitAcks(null, 3, 12, 5);

        assertNull(queue.pollConfirmed(3), "round 4 is not answered yet");
        assertEquals(new PendingRead(null, 1, 10, 4), queue.pollConfirmed(4));
        assertEquals(new PendingRead("n2", 2, 11, 4), queue.pollConfirmed(4));
        assertNull(queue.pollConfirmed(4), "the third read waits for round 5");
        assertTrue(queue.hasAwaitingAcks());
        assertEquals(new PendingRead(null, 3, 12, 5), queue.pollConfirmed(9));
        assertFalse(queue.hasAwaitingAcks());
    }

    @Test
    void aNewReadAsksForOneHeartbeatRound() {
        assertFalse(queue.takeHeartbeatWanted());
        queue.awaitAcks(null, 1, 10, 4);
        queue.awaitAcks(null, 2, 10, 4);
        assertTrue(queue.takeHeartbeatWanted());
        assertFalse(queue.takeHeartbeatWanted(), "one round serves every read that arrived before it");
    }

    @Test
    void readsBeforeTheFirstCommitOfTheTermAreHandedBackOnce() {
        assertEquals(List.of(), queue.takeAwaitingTermCommit());
        queue.awaitTermCommit(null, 1);
        queue.awaitTermCommit("n3", 2);
        assertTrue(queue.hasAwaitingTermCommit());
        assertFalse(queue.hasAwaitingAcks());
        assertFalse(queue.takeHeartbeatWanted(), "nothing to confirm until the index is known");
        List<PendingRead> taken = queue.takeAwaitingTermCommit();
        assertEquals(List.of(1L, 2L), taken.stream().map(PendingRead::ctx).toList());
        assertEquals("n3", taken.get(1).requester());
        assertFalse(queue.hasAwaitingTermCommit());
        assertEquals(List.of(), queue.takeAwaitingTermCommit());
    }

    @Test
    void steppingDownDropsEveryRead() {
        queue.awaitAcks(null, 1, 10, 4);
        queue.awaitTermCommit(null, 2);
        queue.clear();
        assertNull(queue.pollConfirmed(Long.MAX_VALUE));
        assertEquals(List.of(), queue.takeAwaitingTermCommit());
    }
}
