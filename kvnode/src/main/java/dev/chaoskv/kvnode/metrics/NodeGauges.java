package dev.chaoskv.kvnode.metrics;

import java.util.List;

/**
 * What the raft loop reports when scraped: the values it owns, read on its own thread in one go
 * so they agree with each other (commit never above last).
 *
 * @param role as STATUS names it: leader, follower, candidate or pre-candidate
 * @param peers the leader's view of each follower; empty on other roles
 */
public record NodeGauges(String role, long term, Log log, List<Peer> peers, Wal wal) {

    public static final List<String> ROLES = List.of("leader", "follower", "candidate", "pre-candidate");

    public record Log(long lastLsn, long commitLsn, long appliedLsn, long snapshotLsn) {
    }

    /** @param lag records the follower lacks behind the leader's last LSN */
    public record Peer(String id, boolean online, long matchLsn, long lag) {
    }

    public record Wal(long fsyncs, long appendedRecords, int segments) {
    }
}
