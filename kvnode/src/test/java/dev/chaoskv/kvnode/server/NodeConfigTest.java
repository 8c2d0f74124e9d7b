package dev.chaoskv.kvnode.server;

import dev.chaoskv.raft.RaftConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeConfigTest {
    private static final Path DIR = Path.of("unused");

    @Test
    void aMajorityQuorumWithNoUnsafeFlagIsSafe() {
        assertEquals(List.of(), TestConfigs.node(DIR, 2, 0, NodeConfig.Unsafe.NONE).unsafeSettings());
        assertEquals(List.of(), TestConfigs.node(DIR, 2, 2, NodeConfig.Unsafe.NONE).unsafeSettings());
        assertEquals(List.of(), TestConfigs.node(DIR, 0, 0, NodeConfig.Unsafe.NONE).unsafeSettings());
    }

    @Test
    void eachUnsafeFlagIsListedByItsStatusName() {
        assertEquals(List.of("ack-before-replicate"),
                TestConfigs.node(DIR, 2, 0, new NodeConfig.Unsafe(true, false, false)).unsafeSettings());
        assertEquals(List.of("elect-any"),
                TestConfigs.node(DIR, 2, 0, new NodeConfig.Unsafe(false, true, false)).unsafeSettings());
        assertEquals(List.of("stale-reads"),
                TestConfigs.node(DIR, 2, 0, new NodeConfig.Unsafe(false, false, true)).unsafeSettings());
    }

    @Test
    void aQuorumBelowAMajorityIsUnsafe() {
        assertEquals(List.of("quorum-below-majority"), TestConfigs.node(DIR, 2, 1, NodeConfig.Unsafe.NONE).unsafeSettings());
        // Two of four is half, not a majority: both sides of a partition could commit.
        assertEquals(List.of("quorum-below-majority"), TestConfigs.node(DIR, 3, 2, NodeConfig.Unsafe.NONE).unsafeSettings());
        assertEquals(List.of(), TestConfigs.node(DIR, 3, 3, NodeConfig.Unsafe.NONE).unsafeSettings());
    }

    @Test
    void allUnsafeSettingsAreListedInStatusOrder() {
        assertEquals(List.of("ack-before-replicate", "elect-any", "stale-reads", "quorum-below-majority"),
                TestConfigs.node(DIR, 2, 1, new NodeConfig.Unsafe(true, true, true)).unsafeSettings());
    }

    @Test
    void theWalRecoveryFlagIsListedAsUnsafe() {
        NodeConfig base = TestConfigs.node(DIR, 2, 0, NodeConfig.Unsafe.NONE);
        NodeConfig flagged = new NodeConfig(base.identity(), base.membership(),
                new NodeConfig.Storage(DIR, base.storage().fsync(), base.storage().walSegmentBytes(), true),
                base.timing(), base.clients(), base.snapshots(), base.unsafe());
        assertEquals(List.of("recover-truncated-wal"), flagged.unsafeSettings());
    }

    @Test
    void quorumZeroMeansAMajority() {
        assertEquals(2, TestConfigs.node(DIR, 2, 0, NodeConfig.Unsafe.NONE).membership().effectiveQuorum());
        assertEquals(3, TestConfigs.node(DIR, 3, 0, NodeConfig.Unsafe.NONE).membership().effectiveQuorum());
        assertEquals(1, TestConfigs.node(DIR, 2, 1, NodeConfig.Unsafe.NONE).membership().effectiveQuorum());
        assertEquals(4, TestConfigs.node(DIR, 3, 0, NodeConfig.Unsafe.NONE).membership().clusterSize());
    }

    @Test
    void raftTimesAreWholeTicks() {
        NodeConfig cfg = TestConfigs.node(DIR, 2, 0, new NodeConfig.Unsafe(false, true, false));
        assertEquals(10, cfg.timing().tickMs());
        RaftConfig rc = KvNode.raftConfig(cfg);
        assertEquals("n1", rc.id());
        assertEquals(List.of("n2", "n3"), rc.peers());
        assertEquals(new RaftConfig.Timing(100, 10, 100), rc.timing());
        assertEquals(2, rc.replication().writeQuorum());
        // kvnode's replication window: 1 MiB per Append, 64 Appends in flight
        assertEquals(1 << 20, rc.replication().maxAppendBytes());
        assertEquals(64, rc.replication().maxInflight());
        assertTrue(rc.elections().canCampaign());
        assertFalse(rc.elections().campaignAtStart());
        assertTrue(rc.elections().unsafeElectAny());
    }

    @Test
    void unsafeModesSwitchOffWhatWouldKeepTheirBugOutOfReach() {
        RaftConfig.Elections safe = KvNode.raftConfig(TestConfigs.node(DIR, 2, 0, NodeConfig.Unsafe.NONE)).elections();
        assertTrue(safe.preVote() && safe.checkQuorum() && !safe.unsafeElectAny());
        // Stale reads: a cut-off leader must keep leading to serve them.
        RaftConfig.Elections stale = KvNode.raftConfig(TestConfigs.node(DIR, 2, 0, new NodeConfig.Unsafe(false, false, true))).elections();
        assertTrue(stale.preVote());
        assertFalse(stale.checkQuorum());
        // Elect-any: a cut-off node must raise its term and be heard when it rejoins.
        RaftConfig.Elections any = KvNode.raftConfig(TestConfigs.node(DIR, 2, 0, new NodeConfig.Unsafe(false, true, false))).elections();
        assertFalse(any.preVote());
        assertFalse(any.checkQuorum());
        assertTrue(any.unsafeElectAny());
        // Acknowledging before replication and a small quorum need nothing switched off.
        RaftConfig.Elections ack = KvNode.raftConfig(TestConfigs.node(DIR, 2, 1, new NodeConfig.Unsafe(true, false, false))).elections();
        assertTrue(ack.preVote() && ack.checkQuorum());
    }
}
