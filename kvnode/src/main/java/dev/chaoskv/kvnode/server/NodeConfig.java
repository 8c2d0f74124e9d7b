package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.wal.FsyncMode;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a node needs to start, already validated.
 *
 * @param peers          peer id to the address this node uses to reach it (may be a proxy)
 * @param quorum         write quorum including the leader; 0 means a majority
 * @param campaignAtStart {@code --role=leader}
 * @param neverCampaign  {@code --role=follower}
 * @param snapshotEvery  applied records between snapshots
 * @param walRetainRecords records kept in the WAL behind the latest snapshot, for cheap catch-up
 */
public record NodeConfig(String id, String host, int port, Path dataDir, Map<String, InetSocketAddress> peers,
                         boolean campaignAtStart, boolean neverCampaign, int quorum, FsyncMode fsync,
                         int maxKeyBytes, int maxValueBytes, int heartbeatMs, int electionTimeoutMs,
                         int followerTimeoutMs, int commitTimeoutMs, ReadMode readMode, long walSegmentBytes,
                         long snapshotEvery, long walRetainRecords,
                         boolean unsafeAckBeforeReplicate, boolean unsafeElectAny, boolean unsafeStaleReads) {

    public NodeConfig {
        peers = new LinkedHashMap<>(peers);
    }

    public int clusterSize() {
        return peers.size() + 1;
    }

    public int effectiveQuorum() {
        return quorum > 0 ? quorum : clusterSize() / 2 + 1;
    }

    /** A tick is small enough that heartbeats and election timeouts are whole numbers of ticks. */
    public int tickMs() {
        return Math.max(1, Math.min(10, heartbeatMs / 5));
    }
}
