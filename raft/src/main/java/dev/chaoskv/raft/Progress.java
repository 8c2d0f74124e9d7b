package dev.chaoskv.raft;

import dev.chaoskv.raft.log.Entry;

import java.util.List;

/**
 * What a leader knows about one follower's log and link, and the rules by which that knowledge
 * changes (etcd's tracker/progress.go). The core reports what it sent and what it heard; the
 * mode changes happen here.
 */
final class Progress {
    /**
     * PROBE: one Append at a time, to find where the logs agree. REPLICATE: Appends streamed
     * optimistically, up to the in-flight window. SNAPSHOT: the follower needs entries that were
     * compacted; the driver is streaming it a snapshot.
     */
    enum Mode { PROBE, REPLICATE, SNAPSHOT }

    private long match;
    private long next;
    private Mode mode = Mode.PROBE;
    /** In PROBE mode: an Append is outstanding; wait for its answer (or the next heartbeat reply). */
    private boolean probeSent;
    /** Appends sent but not yet acknowledged (REPLICATE mode). */
    private final Inflights inflight;
    /** Tick of the last message received from this peer. */
    private long lastHeard;
    /** Heard from since the last CheckQuorum round. */
    private boolean recentActive;
    private boolean online;
    /** Commit LSN carried by the last Append sent, so an idle follower is told of a new commit once. */
    private long sentCommit;
    /** After a failed snapshot transfer, no new one before this tick. */
    private long snapshotRetryAt;
    /** Highest heartbeat sequence this peer answered (ReadIndex confirmation). */
    private long ackedSeq;
    /** {@code match} when this peer last answered a heartbeat; unchanged a round later means a lost snapshot answer. */
    private long matchAtHeartbeat = -1;
    /** Heartbeat sequence current when the last Append was sent: an answer to a later heartbeat should follow its ack. */
    private long appendSeq;

    /** A new leader's view: the follower is assumed reachable and as far as the leader's log. */
    Progress(long next, long now, int maxInflight) {
        this.next = next;
        this.lastHeard = now;
        this.online = true;
        this.recentActive = true;
        this.inflight = new Inflights(maxInflight);
    }

    long match() {
        return match;
    }

    long next() {
        return next;
    }

    Mode mode() {
        return mode;
    }

    boolean online() {
        return online;
    }

    long lastHeard() {
        return lastHeard;
    }

    long sentCommit() {
        return sentCommit;
    }

    long ackedSeq() {
        return ackedSeq;
    }

    void becomeProbe() {
        probeFrom(match + 1);
    }

    void becomeReplicate() {
        mode = Mode.REPLICATE;
        probeSent = false;
        inflight.reset();
        next = match + 1;
    }

    /**
     * The follower needs LSN {@code next}, which the log no longer holds. Returns false while a
     * failed transfer's back-off lasts; otherwise the follower waits for a snapshot.
     */
    boolean becomeSnapshot(long now) {
        if (now < snapshotRetryAt) return false;
        mode = Mode.SNAPSHOT;
        inflight.reset();
        return true;
    }

    private void probeFrom(long next) {
        mode = Mode.PROBE;
        probeSent = false;
        inflight.reset();
        this.next = next;
    }

    /** No Append may go out now: waiting for a probe's answer, a full window, or a snapshot. */
    boolean paused() {
        return switch (mode) {
            case PROBE -> probeSent;
            case REPLICATE -> inflight.full();
            case SNAPSHOT -> true;
        };
    }

    /** A message from the peer arrived at tick {@code now}. Returns true if the peer was offline until now. */
    boolean heard(long now) {
        lastHeard = now;
        recentActive = true;
        if (online) return false;
        online = true;
        return true;
    }

    /** Nothing heard for more than {@code timeoutTicks}: leave the peer out of shipping and quorum. Returns true if it just went offline. */
    boolean goOfflineIfSilent(long now, int timeoutTicks) {
        if (!online || now - lastHeard <= timeoutTicks) return false;
        online = false;
        becomeProbe();
        return true;
    }

    /** Returns whether the peer was heard from since the last call, which starts a new CheckQuorum round. */
    boolean takeRecentActive() {
        boolean active = recentActive;
        recentActive = false;
        return active;
    }

    /** The peer opened its link to us: where its log ends is all we know of it now. */
    void helloReceived(long peerLastLsn, long leaderLastLsn) {
        match = Math.min(match, peerLastLsn);
        probeFrom(Math.min(peerLastLsn, leaderLastLsn) + 1);
    }

    /**
     * An Append went out carrying {@code entries} and {@code commit}, while heartbeat round
     * {@code heartbeatSeq} was current. Returns whether another Append may follow at once.
     */
    boolean sentAppend(List<Entry> entries, long commit, long heartbeatSeq) {
        appendSeq = heartbeatSeq;
        sentCommit = commit;
        if (mode == Mode.PROBE) {
            probeSent = true;
            return false;
        }
        if (entries.isEmpty()) return false;
        long last = entries.get(entries.size() - 1).lsn();
        next = last + 1;
        inflight.add(last);
        return true;
    }

    /** The follower holds our log up to {@code matchLsn}. Returns true if that is news (the commit may move). */
    boolean acknowledged(long matchLsn) {
        if (matchLsn > match) {
            match = matchLsn;
            inflight.freeUpTo(match);
            if (mode != Mode.REPLICATE) becomeReplicate();
            next = Math.max(next, match + 1);
            return true;
        }
        if (mode == Mode.PROBE) becomeReplicate();
        return false;
    }

    /**
     * The follower's log did not match ours at {@code rejectedPrevLsn}; it suggests probing from
     * after {@code hintLsn}. Returns false if the answer is stale (to an Append already superseded).
     */
    boolean rejected(long rejectedPrevLsn, long hintLsn) {
        boolean stale = mode == Mode.REPLICATE ? rejectedPrevLsn <= match : rejectedPrevLsn != next - 1;
        if (stale) return false;
        probeFrom(Math.max(match + 1, Math.min(rejectedPrevLsn, hintLsn + 1)));
        return true;
    }

    /**
     * The peer answered heartbeat {@code seq}; {@code behind}: it still lacks entries we have,
     * and the leader will send it Appends next.
     */
    void heartbeatAnswered(long seq, boolean behind) {
        ackedSeq = Math.max(ackedSeq, seq);
        if (behind) {
            // In REPLICATE mode a lost Append is only noticed when a later one is rejected; if no
            // later one comes (idle leader, or a full inflight window) the follower would lag
            // forever. A heartbeat sent after our last Append was answered, yet that Append is not
            // acknowledged: it (or its answer) was lost, so probe. On an ordered link the answer
            // to the Append comes first, so a round trip longer than the heartbeat interval does
            // not cause retransmissions.
            if (mode == Mode.REPLICATE && seq > appendSeq && match < next - 1) becomeProbe();
            // The answer to an installed snapshot may be lost too, and SNAPSHOT mode would never
            // end: after a heartbeat round without progress ask again (a driver still streaming
            // one ignores the repeated request).
            if (mode == Mode.SNAPSHOT && match == matchAtHeartbeat) becomeProbe();
            if (mode == Mode.PROBE) probeSent = false;
        }
        matchAtHeartbeat = match;
    }

    /** The driver's link broke: Appends in flight may be lost, so find out again where the follower is. */
    void linkBroke() {
        if (mode == Mode.REPLICATE) becomeProbe();
    }

    /** The snapshot transfer failed: probe again, and ask for no new snapshot before {@code retryAt}. */
    void snapshotFailed(long retryAt) {
        if (mode != Mode.SNAPSHOT) return;
        becomeProbe();
        snapshotRetryAt = retryAt;
    }
}
