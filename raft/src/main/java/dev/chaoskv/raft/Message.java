package dev.chaoskv.raft;

import dev.chaoskv.raft.log.Entry;

import java.util.List;

/**
 * Messages between nodes. Every message carries the sender's id and term. Each node sends only on
 * its own outbound link to a peer, so a one-way network cut stops exactly one direction.
 */
public sealed interface Message {
    String from();

    long term();

    /**
     * First message on a link (and after every reconnect): "this is where my log ends". A leader
     * answers by shipping everything after it; this is how a restarted or partitioned follower
     * catches up without waiting for the leader to notice it.
     */
    record Hello(String from, long term, long lastTerm, long lastLsn) implements Message {
    }

    /** AppendEntries: entries after (prevLsn, prevTerm), plus the leader's commit LSN. */
    record Append(String from, long term, long prevLsn, long prevTerm, long commit, long leaderLastLsn,
                  List<Entry> entries) implements Message {
    }

    /**
     * Reply to {@link Append}. On success {@code matchLsn} is the last LSN now known to match the
     * leader. On rejection {@code rejectedPrevLsn} is the prevLsn that did not match and
     * {@code hintLsn} where the leader should probe next.
     */
    record AppendResp(String from, long term, boolean success, long matchLsn, long rejectedPrevLsn,
                      long hintLsn) implements Message {
    }

    /** Leader liveness and commit propagation; {@code seq} lets a leader confirm it still leads (ReadIndex). */
    record Heartbeat(String from, long term, long commit, long seq) implements Message {
    }

    record HeartbeatResp(String from, long term, long seq) implements Message {
    }

    /** RequestVote, or a Pre-Vote probe (which changes no term and no vote) when {@code preVote}. */
    record Vote(String from, long term, long lastLsn, long lastTerm, boolean preVote) implements Message {
    }

    record VoteResp(String from, long term, boolean granted, boolean preVote) implements Message {
    }

    /**
     * A piece of a snapshot file, streamed by the leader's driver to a follower that needs
     * compacted entries. Handled by the drivers (file I/O), not by the consensus core; the
     * follower's core only sees the final {@link RaftCore#installSnapshot}. {@code crc32c} and
     * {@code totalBytes} describe the whole file and are checked when {@code done}.
     */
    record SnapshotChunk(String from, long term, long lsn, long snapTerm, long offset, byte[] data,
                         boolean done, int crc32c, long totalBytes) implements Message {
    }

    /** The follower's driver received the snapshot up to {@code nextOffset} (-1: failed, start over later). */
    record SnapshotAck(String from, long term, long lsn, long nextOffset) implements Message {
    }

    /** A follower asks the leader for a read index so it can serve a linearizable read from its own state. */
    record ReadIndexReq(String from, long term, long ctx) implements Message {
    }

    /** The leader confirmed its leadership: the follower may answer read {@code ctx} once it applied {@code index}. */
    record ReadIndexResp(String from, long term, long ctx, long index) implements Message {
    }
}
