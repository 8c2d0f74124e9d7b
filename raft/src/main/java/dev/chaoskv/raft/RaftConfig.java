package dev.chaoskv.raft;

import java.util.List;

/**
 * Static settings of one consensus member. Times are in ticks; the driver decides how long a
 * tick is.
 *
 * @param writeQuorum         nodes (leader included) that must hold an entry durably before it commits
 * @param canCampaign         false for {@code --role=follower}: never starts an election
 * @param campaignAtStart     true for {@code --role=leader}: starts an election at once
 * @param unsafeElectAny      grant votes without the log up-to-date check (knowingly unsafe)
 */
public record RaftConfig(String id, List<String> peers, int electionTicks, int heartbeatTicks,
                         int followerTimeoutTicks, int writeQuorum, boolean canCampaign,
                         boolean campaignAtStart, boolean preVote, boolean checkQuorum,
                         boolean unsafeElectAny, long maxAppendBytes, int maxInflight) {

    public RaftConfig {
        peers = List.copyOf(peers);
        if (peers.contains(id)) throw new IllegalArgumentException("node " + id + " lists itself as a peer");
        if (electionTicks <= heartbeatTicks) throw new IllegalArgumentException("election timeout must exceed the heartbeat interval");
        if (writeQuorum < 1 || writeQuorum > peers.size() + 1) {
            throw new IllegalArgumentException("quorum " + writeQuorum + " is impossible with " + (peers.size() + 1) + " nodes");
        }
    }

    public int clusterSize() {
        return peers.size() + 1;
    }

    /** Votes needed to win an election, and acks needed to confirm leadership: always a majority. */
    public int majority() {
        return clusterSize() / 2 + 1;
    }

    public static RaftConfig defaults(String id, List<String> peers) {
        int n = peers.size() + 1;
        return new RaftConfig(id, peers, 100, 10, 100, n / 2 + 1, true, false, true, true, false, 1 << 20, 256);
    }
}
