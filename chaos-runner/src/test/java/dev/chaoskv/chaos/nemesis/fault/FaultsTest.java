package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.fakes.RecordingCluster;
import dev.chaoskv.chaos.fakes.RecordingNetwork;
import dev.chaoskv.chaos.network.CutMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fault class against a cluster and a network that only record what they are asked to do. */
class FaultsTest {
    private static final ClusterPlan THREE = ClusterPlan.of(3);
    private final List<String> log = new ArrayList<>();
    private final RecordingCluster cluster = new RecordingCluster(THREE.nodeIds(), log);
    private final RecordingNetwork network = new RecordingNetwork(log);
    private final Targets targets = new Targets(THREE, () -> Optional.of("n2"), 1).forWindow(1);

    @Test
    void everyKindDrawsAFaultOfItsOwnKind() {
        Draw d = new Draw(List.of("n3", "n1", "n2", "n4", "n5"), CutMode.BLACKHOLE, true, 2, new Random(1));
        for (FaultKind k : FaultKind.values()) {
            Fault f = k.draw(d);
            assertEquals(k, f.kind(), f.toString());
            assertTrue(f.describe().startsWith(k.wireName() + (f instanceof Partition ? " (blackhole): " : ": ")), f.describe());
            assertEquals(k, f.resolve(new Targets(ClusterPlan.of(5), () -> Optional.of("n2"), 1)).kind());
        }
    }

    @Test
    void aPartitionCutsItsLinksInItsModeAndHealsExactlyThose() throws Exception {
        Injection cut = new PartitionOne(CutMode.DISCONNECT, "n1").resolve(targets);
        cut.apply(cluster, network);
        assertEquals(List.of("cut n1-to-n2 disconnect", "cut n1-to-n3 disconnect", "cut n2-to-n1 disconnect",
                "cut n3-to-n1 disconnect"), log);
        assertEquals("(disconnect, 4 links)", cut.targets());
        log.clear();
        assertEquals(List.of(), cut.undo(cluster, network));
        assertEquals(List.of("heal n1-to-n2", "heal n1-to-n3", "heal n2-to-n1", "heal n3-to-n1"), log);
        assertTrue(network.faults.isEmpty());
    }

    @Test
    void theHistoryValueOfAPartitionNamesItsShapeBeforeModeAndLinks() {
        Targets five = new Targets(ClusterPlan.of(5), () -> Optional.of("n4"), 1);
        Map<String, Object> bridge = new PartitionBridge(CutMode.BLACKHOLE, List.of("n3", "n1", "n2", "n4", "n5")).resolve(five).value();
        assertEquals(List.of("fault", "bridge", "groups", "mode", "cut"), List.copyOf(bridge.keySet()));
        assertEquals("n3", bridge.get("bridge"));
        assertEquals(List.of(List.of("n1", "n2"), List.of("n4", "n5")), bridge.get("groups"));
        Map<String, Object> ring = new PartitionRing(CutMode.DISCONNECT, List.of("n1", "n2", "n3", "n4", "n5")).resolve(five).value();
        assertEquals(List.of("fault", "mode", "cut"), List.copyOf(ring.keySet()));
        assertEquals(10, ((List<?>) ring.get("cut")).size()); // each node loses its two far links, both ways
        Map<String, Object> oneWay = new PartitionOneWay(CutMode.DISCONNECT, false).resolve(five).value();
        assertEquals(List.of("fault", "node", "direction", "mode", "cut"), List.copyOf(oneWay.keySet()));
        assertEquals(List.of("n1-to-n4", "n2-to-n4", "n3-to-n4", "n5-to-n4"), oneWay.get("cut"));
    }

    @Test
    void aKillRestartsAndAPauseResumes() throws Exception {
        Injection kill = new KillMinority(List.of("n1", "n3")).resolve(targets);
        kill.apply(cluster, network);
        assertFalse(cluster.running("n1"));
        assertFalse(cluster.running("n3"));
        assertEquals(" [n1, n3]", kill.targets());
        assertEquals(List.of(), kill.undo(cluster, network));
        assertTrue(cluster.running("n1") && cluster.running("n3"));

        Injection pause = new PauseLeader().resolve(targets);
        pause.apply(cluster, network);
        assertTrue(cluster.stopped("n2"));
        pause.undo(cluster, network);
        assertFalse(cluster.stopped("n2"));
        assertEquals(List.of("kill n1", "kill n3", "start n1", "start n3", "pause n2", "resume n2"), log);
        assertEquals(Map.of("fault", "pause-leader", "nodes", List.of("n2")), pause.value());
    }

    @Test
    void latencySlowsEveryPeerLinkAndNoClientLink() throws Exception {
        Injection slow = new Latency(100, 50).resolve(targets);
        slow.apply(cluster, network);
        assertEquals(List.of("slow n1-to-n2 100+/-50", "slow n1-to-n3 100+/-50", "slow n2-to-n1 100+/-50",
                "slow n2-to-n3 100+/-50", "slow n3-to-n1 100+/-50", "slow n3-to-n2 100+/-50"), log);
        assertEquals("", slow.targets());
        slow.undo(cluster, network);
        assertTrue(network.faults.isEmpty());
    }

    @Test
    void linkFaultsDegradeEveryPeerLinkOfTheirNodeBothWaysAndHealExactlyThose() throws Exception {
        Injection slice = new Slicer("n1", 64, 32, 1000).resolve(targets);
        assertEquals("start-slicer", slice.startEvent());
        assertEquals("stop-slicer", slice.stopEvent());
        slice.apply(cluster, network);
        String sl = "Slicer[averageSize=64, sizeVariation=32, delayMicros=1000]";
        assertEquals(List.of("degrade n1-to-n2 " + sl, "degrade n1-to-n3 " + sl, "degrade n2-to-n1 " + sl, "degrade n3-to-n1 " + sl), log);
        assertEquals(" [n1]", slice.targets());
        log.clear();
        assertEquals(List.of(), slice.undo(cluster, network));
        assertEquals(List.of("heal n1-to-n2", "heal n1-to-n3", "heal n2-to-n1", "heal n3-to-n1"), log);
        assertTrue(network.faults.isEmpty());

        assertEquals(Map.of("fault", "bandwidth", "node", "n3", "rateKBps", 64,
                "links", List.of("n3-to-n1", "n3-to-n2", "n1-to-n3", "n2-to-n3")), new Bandwidth("n3", 64).resolve(targets).value());
        Map<String, Object> reset = new ResetPeer("n2", 500).resolve(targets).value();
        assertEquals(List.of("fault", "node", "timeoutMs", "links"), List.copyOf(reset.keySet()));
        assertEquals("start-reset-peer", new ResetPeer("n2", 500).resolve(targets).startEvent());
        assertEquals(20, new PacketLoss("n2", 20).resolve(targets).value().get("lossPercent"));
        assertEquals("packet-loss: 20 % packet loss on every peer link of n2, both ways", new PacketLoss("n2", 20).describe());
    }

    @Test
    void theNewKindsAreInAllAndResetPeerCountsAsTakingOutOneNode() {
        assertTrue(FaultKind.parse(List.of("all"), 3).containsAll(
                List.of(FaultKind.BANDWIDTH, FaultKind.SLICER, FaultKind.RESET_PEER, FaultKind.PACKET_LOSS)));
        assertEquals(List.of(FaultKind.BANDWIDTH, FaultKind.SLICER, FaultKind.RESET_PEER, FaultKind.PACKET_LOSS),
                FaultKind.parse(List.of("bandwidth", "slicer", "reset-peer", "packet-loss"), 3));
        assertEquals(1, FaultKind.RESET_PEER.faultyNodes(3, 1));
        assertEquals(0, FaultKind.BANDWIDTH.faultyNodes(3, 1));
        assertEquals(null, FaultKind.LATENCY.linkFault());
    }

    @Test
    void anUndoReportsWhatItCouldNotUndoAndUndoesTheRest() throws Exception {
        cluster.failingStarts.add("n1");
        Injection kill = new KillMinority(List.of("n1", "n3")).resolve(targets);
        kill.apply(cluster, network);
        assertEquals(List.of("n1: cannot start n1"), kill.undo(cluster, network));
        assertTrue(cluster.running("n3"));

        network.failingHeals.add("n2-to-n1");
        Injection cut = new PartitionLeader(CutMode.BLACKHOLE).resolve(targets);
        cut.apply(cluster, network);
        assertEquals(List.of("n2-to-n1: Toxiproxy went away"), cut.undo(cluster, network));
        assertEquals(Map.of("n2-to-n1", "blackhole"), network.faults);
    }
}
