package dev.chaoskv.raft;

import java.util.ArrayDeque;

/** What a leader knows about one follower's log and link. */
final class Progress {
    /** SNAPSHOT: the follower needs entries that were compacted; the driver is streaming it a snapshot. */
    enum Mode { PROBE, REPLICATE, SNAPSHOT }

    long match;
    long next;
    Mode mode = Mode.PROBE;
    /** In PROBE mode: an Append is outstanding; wait for its answer (or the next heartbeat reply). */
    boolean probeSent;
    /** Last LSN of each Append sent but not yet acknowledged, in order (REPLICATE mode). */
    final ArrayDeque<Long> inflight = new ArrayDeque<>();
    /** Tick of the last message received from this peer. */
    long lastHeard;
    /** Heard from since the last CheckQuorum round. */
    boolean recentActive;
    boolean online;
    /** Commit LSN carried by the last Append sent, so an idle follower is told of a new commit once. */
    long sentCommit;
    /** After a failed snapshot transfer, no new one before this tick. */
    long snapshotRetryAt;
    /** Highest heartbeat sequence this peer answered (ReadIndex confirmation). */
    long ackedSeq;
    /** {@code match} when this peer last answered a heartbeat; unchanged a round later means a lost snapshot answer. */
    long matchAtHeartbeat = -1;
    /** Heartbeat sequence current when the last Append was sent: an answer to a later heartbeat should follow its ack. */
    long appendSeq;

    Progress(long next) {
        this.next = next;
    }

    void becomeProbe() {
        mode = Mode.PROBE;
        probeSent = false;
        inflight.clear();
        next = match + 1;
    }

    void becomeReplicate() {
        mode = Mode.REPLICATE;
        probeSent = false;
        inflight.clear();
        next = match + 1;
    }

    boolean paused(int maxInflight) {
        return switch (mode) {
            case PROBE -> probeSent;
            case REPLICATE -> inflight.size() >= maxInflight;
            case SNAPSHOT -> true;
        };
    }
}
