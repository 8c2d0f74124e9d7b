package dev.chaoskv.raft;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RaftConfigTest {

    /** kvnode names only timers, quorum and role: everything else must stay what it always ran with. */
    @Test
    void defaultsAreWhatKvnodeRanWith() {
        RaftConfig cfg = RaftConfig.builder("n1", List.of("n2", "n3")).build();
        assertEquals(new RaftConfig.Timing(100, 10, 100), cfg.timing());
        assertEquals(new RaftConfig.Elections(true, false, true, true, false), cfg.elections());
        assertEquals(new RaftConfig.Replication(2, 1 << 20, 64), cfg.replication());
    }

    @Test
    void writeQuorumDefaultsToAMajority() {
        assertEquals(2, RaftConfig.builder("n1", List.of("n2")).build().replication().writeQuorum());
        assertEquals(3, RaftConfig.builder("n1", List.of("n2", "n3", "n4", "n5")).build().replication().writeQuorum());
        assertEquals(1, RaftConfig.builder("n1", List.of()).build().replication().writeQuorum());
        assertEquals(1, RaftConfig.builder("n1", List.of("n2", "n3")).writeQuorum(1).build().replication().writeQuorum());
    }

    @Test
    void namedSettingsOverrideOnlyThemselves() {
        RaftConfig cfg = RaftConfig.builder("n1", List.of("n2", "n3"))
                .electionTicks(10).heartbeatTicks(2).followerTimeoutTicks(50)
                .canCampaign(false).campaignAtStart(true).preVote(false).checkQuorum(false).unsafeElectAny(true)
                .writeQuorum(3).maxAppendBytes(40).maxInflight(4).build();
        assertEquals(new RaftConfig.Timing(10, 2, 50), cfg.timing());
        assertEquals(new RaftConfig.Elections(false, true, false, false, true), cfg.elections());
        assertEquals(new RaftConfig.Replication(3, 40, 4), cfg.replication());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder("n1", List.of("n1", "n2")).build());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder("n1", List.of("n2")).electionTicks(10).heartbeatTicks(10).build());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder("n1", List.of("n2")).writeQuorum(0).build());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder("n1", List.of("n2")).writeQuorum(3).build());
    }

    @Test
    void peersAreCopied() {
        List<String> peers = new java.util.ArrayList<>(List.of("n2"));
        RaftConfig cfg = RaftConfig.builder("n1", peers).build();
        peers.add("n3");
        assertEquals(List.of("n2"), cfg.peers());
        assertEquals(2, cfg.clusterSize());
        assertEquals(2, cfg.majority());
    }
}
