package dev.chaoskv.raft;

import java.util.List;

/**
 * Static settings of one consensus member, grouped by concern. Times are in ticks; the driver
 * decides how long a tick is. Build one with {@link #builder}: a setting the caller does not name
 * keeps the default below, so the defaults live here and nowhere else.
 */
public record RaftConfig(String id, List<String> peers, Timing timing, Elections elections,
                         Replication replication) {

    /** Ticks a follower waits for its leader before it campaigns (randomized up to twice that). */
    public static final int DEFAULT_ELECTION_TICKS = 100;
    /** Ten heartbeats per election timeout, so a few lost heartbeats never start an election. */
    public static final int DEFAULT_HEARTBEAT_TICKS = DEFAULT_ELECTION_TICKS / 10;
    /** A leader counts a follower unreachable after as long a silence as a follower tolerates from it. */
    public static final int DEFAULT_FOLLOWER_TIMEOUT_TICKS = DEFAULT_ELECTION_TICKS;
    /** Entries per Append, in encoded bytes (at least one entry): a catch-up moves in 1 MiB pieces. */
    public static final long DEFAULT_MAX_APPEND_BYTES = 1 << 20;
    /**
     * Unacknowledged Appends per follower: the value kvnode has always run with. With
     * {@link #DEFAULT_MAX_APPEND_BYTES} it bounds what one slow follower has in flight to 64 MiB.
     */
    public static final int DEFAULT_MAX_INFLIGHT = 64;

    public RaftConfig {
        peers = List.copyOf(peers);
        if (peers.contains(id)) throw new IllegalArgumentException("node " + id + " lists itself as a peer");
        int nodes = peers.size() + 1;
        if (replication.writeQuorum() < 1 || replication.writeQuorum() > nodes) {
            throw new IllegalArgumentException("quorum " + replication.writeQuorum() + " is impossible with " + nodes + " nodes");
        }
    }

    /** Timers, in ticks. */
    public record Timing(int electionTicks, int heartbeatTicks, int followerTimeoutTicks) {
        public Timing {
            if (electionTicks <= heartbeatTicks) throw new IllegalArgumentException("election timeout must exceed the heartbeat interval");
        }
    }

    /**
     * How this node takes part in elections and how a leader keeps its leadership.
     *
     * @param canCampaign     false for {@code --role=follower}: never starts an election
     * @param campaignAtStart true for {@code --role=leader}: starts an election at once
     * @param preVote         ask for pre-votes before a real election, so a node that was cut off does not raise the term
     * @param checkQuorum     a leader steps down when it has not heard from a majority for an election
     *                        timeout, and a follower that hears its leader refuses votes (the leader's lease)
     * @param unsafeElectAny  grant votes without the log up-to-date check (knowingly unsafe)
     */
    public record Elections(boolean canCampaign, boolean campaignAtStart, boolean preVote, boolean checkQuorum,
                            boolean unsafeElectAny) {
    }

    /**
     * @param writeQuorum    nodes (leader included) that must hold an entry durably before it commits
     * @param maxAppendBytes encoded bytes of entries per Append (at least one entry is always sent)
     * @param maxInflight    Appends a leader sends to one follower before it waits for acknowledgements
     */
    public record Replication(int writeQuorum, long maxAppendBytes, int maxInflight) {
    }

    public int clusterSize() {
        return peers.size() + 1;
    }

    /** Votes needed to win an election, and acks needed to confirm leadership: always a majority. */
    public int majority() {
        return Quorum.majority(clusterSize());
    }

    /** A configuration with every default: set only what differs. */
    public static Builder builder(String id, List<String> peers) {
        return new Builder(id, peers);
    }

    public static final class Builder {
        private final String id;
        private final List<String> peers;
        private int electionTicks = DEFAULT_ELECTION_TICKS;
        private int heartbeatTicks = DEFAULT_HEARTBEAT_TICKS;
        private int followerTimeoutTicks = DEFAULT_FOLLOWER_TIMEOUT_TICKS;
        private boolean canCampaign = true;
        private boolean campaignAtStart = false;
        private boolean preVote = true;
        private boolean checkQuorum = true;
        private boolean unsafeElectAny = false;
        /** Null: a majority of the cluster, the only safe choice. */
        private Integer writeQuorum;
        private long maxAppendBytes = DEFAULT_MAX_APPEND_BYTES;
        private int maxInflight = DEFAULT_MAX_INFLIGHT;

        private Builder(String id, List<String> peers) {
            this.id = id;
            this.peers = peers;
        }

        public Builder electionTicks(int ticks) {
            this.electionTicks = ticks;
            return this;
        }

        public Builder heartbeatTicks(int ticks) {
            this.heartbeatTicks = ticks;
            return this;
        }

        public Builder followerTimeoutTicks(int ticks) {
            this.followerTimeoutTicks = ticks;
            return this;
        }

        public Builder canCampaign(boolean canCampaign) {
            this.canCampaign = canCampaign;
            return this;
        }

        public Builder campaignAtStart(boolean campaignAtStart) {
            this.campaignAtStart = campaignAtStart;
            return this;
        }

        public Builder preVote(boolean preVote) {
            this.preVote = preVote;
            return this;
        }

        public Builder checkQuorum(boolean checkQuorum) {
            this.checkQuorum = checkQuorum;
            return this;
        }

        public Builder unsafeElectAny(boolean unsafeElectAny) {
            this.unsafeElectAny = unsafeElectAny;
            return this;
        }

        public Builder writeQuorum(int nodes) {
            this.writeQuorum = nodes;
            return this;
        }

        public Builder maxAppendBytes(long bytes) {
            this.maxAppendBytes = bytes;
            return this;
        }

        public Builder maxInflight(int appends) {
            this.maxInflight = appends;
            return this;
        }

        public RaftConfig build() {
            int quorum = writeQuorum != null ? writeQuorum : Quorum.majority(peers.size() + 1);
            return new RaftConfig(id, peers,
                    new Timing(electionTicks, heartbeatTicks, followerTimeoutTicks),
                    new Elections(canCampaign, campaignAtStart, preVote, checkQuorum, unsafeElectAny),
                    new Replication(quorum, maxAppendBytes, maxInflight));
        }
    }
}
