package dev.chaoskv.kvnode.server;

import dev.chaoskv.common.tls.TlsStores;
import dev.chaoskv.kvnode.wal.FsyncMode;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a node needs to start, already validated, grouped by concern. */
public record NodeConfig(Identity identity, Membership membership, Storage storage, Timing timing,
                         Clients clients, Snapshots snapshots, Unsafe unsafe, PeerAuth peerAuth, Tls tls) {

    /** A node whose peers are checked only against the default cluster id and its member list. */
    public NodeConfig(Identity identity, Membership membership, Storage storage, Timing timing,
                      Clients clients, Snapshots snapshots, Unsafe unsafe) {
        this(identity, membership, storage, timing, clients, snapshots, unsafe, PeerAuth.NONE);
    }

    /** A node without TLS. */
    public NodeConfig(Identity identity, Membership membership, Storage storage, Timing timing,
                      Clients clients, Snapshots snapshots, Unsafe unsafe, PeerAuth peerAuth) {
        this(identity, membership, storage, timing, clients, snapshots, unsafe, peerAuth, Tls.OFF);
    }

    /** Who this node is and where it listens for clients and peers. */
    public record Identity(String id, String host, int port) {
    }

    /**
     * The other members and how this node takes part.
     *
     * @param peers           peer id to the address this node uses to reach it (may be a proxy)
     * @param quorum          write quorum including the leader; 0 means a majority
     * @param campaignAtStart {@code --role=leader}
     * @param neverCampaign   {@code --role=follower}
     */
    public record Membership(Map<String, InetSocketAddress> peers, int quorum, boolean campaignAtStart,
                             boolean neverCampaign) {

        public Membership {
            peers = new LinkedHashMap<>(peers);
        }

        public int clusterSize() {
            return peers.size() + 1;
        }

        public int effectiveQuorum() {
            return quorum > 0 ? quorum : clusterSize() / 2 + 1;
        }
    }

    /**
     * The data directory: the WAL, snapshots and the persisted term/vote.
     *
     * @param unsafeRecoverTruncatedWal {@code --unsafe-recover-truncated-wal}: start from a WAL cut
     *                                  short at its first damaged record, or ending below the
     *                                  commit hint, instead of refusing
     */
    public record Storage(Path dataDir, FsyncMode fsync, long walSegmentBytes, boolean unsafeRecoverTruncatedWal) {

        public Storage(Path dataDir, FsyncMode fsync, long walSegmentBytes) {
            this(dataDir, fsync, walSegmentBytes, false);
        }

        public Path walDir() {
            return dataDir.resolve("wal");
        }

        public Path snapshotDir() {
            return dataDir.resolve("snapshot");
        }
    }

    public record Timing(int heartbeatMs, int electionTimeoutMs, int followerTimeoutMs) {

        /** A tick is small enough that heartbeats and election timeouts are whole numbers of ticks. */
        public int tickMs() {
            return Math.max(1, Math.min(10, heartbeatMs / 5));
        }
    }

    /**
     * What clients may send and how they are answered.
     *
     * @param commitTimeoutMs how long a write or read waits before the answer is TIMEOUT
     */
    public record Clients(int maxKeyBytes, int maxValueBytes, int commitTimeoutMs, ReadMode readMode) {
    }

    /**
     * @param every            applied records between snapshots
     * @param walRetainRecords records kept in the WAL behind the latest snapshot, for cheap catch-up
     */
    public record Snapshots(long every, long walRetainRecords) {
    }

    /** The knowingly unsafe modes, for proving that the checker sees what they break. */
    public record Unsafe(boolean ackBeforeReplicate, boolean electAny, boolean staleReads) {
        public static final Unsafe NONE = new Unsafe(false, false, false);
    }

    /**
     * Who may talk to this node as a peer.
     *
     * @param clusterId  {@code --cluster-id}; null when not given (the data directory's, or {@link #DEFAULT_CLUSTER_ID})
     * @param secretFile {@code --peer-secret-file}; null without one
     */
    public record PeerAuth(String clusterId, Path secretFile) {
        public static final String DEFAULT_CLUSTER_ID = "default";
        public static final PeerAuth NONE = new PeerAuth(null, null);

        public PeerAuth {
            if (clusterId != null && !clusterId.matches("[A-Za-z0-9._:-]{1,128}")) {
                throw new IllegalArgumentException("--cluster-id '" + clusterId + "' must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
            }
        }
    }

    /**
     * TLS on the node's port.
     *
     * @param clients what clients must speak: {@link ClientTls#OFF} plaintext, {@link ClientTls#ON}
     *                TLS, {@link ClientTls#REQUIRE_CLIENT_CERT} TLS with a certificate the trust store accepts
     * @param peers   peers speak mutual TLS (both sides present a certificate the other's trust store accepts)
     * @param stores  this node's key, the accepted authorities and their password; null when both are off
     */
    public record Tls(ClientTls clients, boolean peers, TlsStores stores) {
        public static final Tls OFF = new Tls(ClientTls.OFF, false, null);

        public Tls {
            if ((clients != ClientTls.OFF || peers) && (stores == null || stores.certStore() == null)) {
                throw new IllegalArgumentException("TLS needs a key store, a trust store and a password file");
            }
        }

        public boolean any() {
            return clients != ClientTls.OFF || peers;
        }
    }

    /** {@code --client-tls}. */
    public enum ClientTls {
        OFF("off"), ON("on"), REQUIRE_CLIENT_CERT("require-client-cert");

        private final String flag;

        ClientTls(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }

        public static ClientTls parse(String s) {
            for (ClientTls t : values()) if (t.flag.equals(s)) return t;
            throw new IllegalArgumentException("--client-tls must be off, on or require-client-cert, not '" + s + "'");
        }
    }

    /** The unsafe settings in effect, by the names STATUS reports them under; empty when the node is safe. */
    public List<String> unsafeSettings() {
        List<String> on = new ArrayList<>(4);
        if (unsafe.ackBeforeReplicate()) on.add("ack-before-replicate");
        if (unsafe.electAny()) on.add("elect-any");
        if (unsafe.staleReads()) on.add("stale-reads");
        if (membership.effectiveQuorum() <= membership.clusterSize() / 2) on.add("quorum-below-majority");
        if (storage.unsafeRecoverTruncatedWal()) on.add("recover-truncated-wal");
        return on;
    }
}
