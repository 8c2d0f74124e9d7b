package dev.chaoskv.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Linearizable reads a leader holds until it may answer them (etcd's read_only.go). A read takes
 * the commit index when it arrives and waits for a majority to answer a heartbeat sent after it:
 * then no other leader can have existed, let alone committed past that index. A new leader does
 * not know the commit index until an entry of its own term commits, so reads that arrive before
 * that wait apart and are asked again then.
 */
final class ReadIndexQueue {

    /** A read with context {@code ctx}; {@code requester} is a follower's id, or null for our own. */
    record PendingRead(String requester, long ctx, long index, long seq) {
    }

    /** Confirmed once a majority answered heartbeat {@code seq}; in arrival order, so {@code seq} never decreases. */
    private final ArrayDeque<PendingRead> awaitingAcks = new ArrayDeque<>();
    private final ArrayList<PendingRead> awaitingTermCommit = new ArrayList<>();
    /** A read joined {@code awaitingAcks} since the last heartbeat round started. */
    private boolean heartbeatWanted;

    /** Holds a read at {@code index} until heartbeat round {@code seq} is answered by a majority. */
    void awaitAcks(String requester, long ctx, long index, long seq) {
        awaitingAcks.addLast(new PendingRead(requester, ctx, index, seq));
        heartbeatWanted = true;
    }

    /** The next read that heartbeat rounds up to {@code acknowledgedSeq} confirm, removed; null if none. */
    PendingRead pollConfirmed(long acknowledgedSeq) {
        PendingRead first = awaitingAcks.peekFirst();
        if (first == null || first.seq() > acknowledgedSeq) return null;
        return awaitingAcks.pollFirst();
    }

    boolean hasAwaitingAcks() {
        return !awaitingAcks.isEmpty();
    }

    /** Returns whether a heartbeat round must start for reads that arrived since the last call. */
    boolean takeHeartbeatWanted() {
        boolean wanted = heartbeatWanted;
        heartbeatWanted = false;
        return wanted;
    }

    void awaitTermCommit(String requester, long ctx) {
        awaitingTermCommit.add(new PendingRead(requester, ctx, 0, 0));
    }

    boolean hasAwaitingTermCommit() {
        return !awaitingTermCommit.isEmpty();
    }

    /** The reads that waited for this leader's first commit, removed, to be asked again. */
    List<PendingRead> takeAwaitingTermCommit() {
        List<PendingRead> taken = List.copyOf(awaitingTermCommit);
        awaitingTermCommit.clear();
        return taken;
    }

    /** Leadership ended: this node can no longer confirm these reads. */
    void clear() {
        awaitingAcks.clear();
        awaitingTermCommit.clear();
    }
}
