package dev.chaoskv.raft;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A leader's {@link Progress} for every follower, and the quorum questions asked of them (etcd's
 * tracker/tracker.go). Empty while this node is not leader. Every count includes the leader.
 */
final class ProgressTracker {
    private final Map<String, Progress> byPeer = new LinkedHashMap<>();
    /** One slot per node, reused by every quorum computation so none allocates. */
    private final long[] scratch;
    private final int maxInflight;

    ProgressTracker(int clusterSize, int maxInflight) {
        this.scratch = new long[clusterSize];
        this.maxInflight = maxInflight;
    }

    /** A new leadership: every peer is assumed reachable and as far as the leader's log. */
    void reset(List<String> peers, long next, long now) {
        byPeer.clear();
        for (String p : peers) byPeer.put(p, new Progress(next, now, maxInflight));
    }

    void clear() {
        byPeer.clear();
    }

    /** The peer's progress, or null when this node does not lead. */
    Progress get(String peer) {
        return byPeer.get(peer);
    }

    Set<Map.Entry<String, Progress>> entries() {
        return byPeer.entrySet();
    }

    /** Nodes heard from within the follower timeout. */
    int reachable() {
        int n = 1;
        for (Progress pr : byPeer.values()) if (pr.online()) n++;
        return n;
    }

    /** Nodes heard from within the last {@code ticks} before {@code now}. */
    int heardWithin(long now, long ticks) {
        int n = 1;
        for (Progress pr : byPeer.values()) if (now - pr.lastHeard() <= ticks) n++;
        return n;
    }

    /** Nodes heard from since the last call; starts the next CheckQuorum round. */
    int takeRecentlyActive() {
        int n = 1;
        for (Progress pr : byPeer.values()) if (pr.takeRecentActive()) n++;
        return n;
    }

    /** The highest LSN that {@code writeQuorum} nodes hold durably, the leader holding {@code leaderPersisted}. */
    long committedIndex(long leaderPersisted, int writeQuorum) {
        int i = 0;
        scratch[i++] = leaderPersisted;
        for (Progress pr : byPeer.values()) scratch[i++] = pr.match();
        return Quorum.index(scratch, writeQuorum);
    }

    /** The latest heartbeat round that {@code quorum} nodes answered (the leader answers every round). */
    long acknowledgedSeq(int quorum) {
        int i = 0;
        scratch[i++] = Long.MAX_VALUE;
        for (Progress pr : byPeer.values()) scratch[i++] = pr.ackedSeq();
        return Quorum.index(scratch, quorum);
    }
}
