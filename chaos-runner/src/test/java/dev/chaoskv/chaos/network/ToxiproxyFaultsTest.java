package dev.chaoskv.chaos.network;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Toxiproxy implementation of the network seam, against the embedded server (no node needs to run). */
class ToxiproxyFaultsTest {
    private static final ClusterPlan PLAN = ClusterPlan.of(2);
    private static final Map<String, HostPort> NODES = Map.of("n1", new HostPort("127.0.0.1", 1), "n2", new HostPort("127.0.0.1", 2));

    @Test
    void wiresOneProxyPerLinkAndRecordsTheNamesFirst() throws Exception {
        try (ToxiproxyFaults net = ToxiproxyFaults.open(null)) {
            List<String> recorded = new ArrayList<>();
            Map<String, HostPort> links = net.wire(PLAN, NODES, recorded::addAll);
            assertEquals(List.of("n1-to-n2", "n2-to-n1", "client-to-n1", "client-to-n2"), recorded);
            assertEquals(recorded, List.copyOf(links.keySet()));
            assertNotEquals(NODES.get("n2"), links.get("n1-to-n2"), "a node reaches its peer through the proxy");
            assertTrue(net.describe().matches("4 proxies on Toxiproxy http://127\\.0\\.0\\.1:\\d+ \\(embedded\\)"), net.describe());
        }
    }

    @Test
    void theVersionIsAskedWhileTheServerAnswersAndKeptAfterItStops() throws Exception {
        ToxiproxyFaults net = ToxiproxyFaults.open(null);
        net.close(); // stops the embedded server: run.json is written after this
        assertTrue(net.version().matches("\\d+\\.\\d+\\.\\d+"), net.version());
    }

    @Test
    void versionNumberReadsBothAnswersOfTheVersionEndpoint() {
        assertEquals("2.12.0", ToxiproxyFaults.versionNumber("{\"version\": \"2.12.0\"}\n"));
        assertEquals("2.1.4", ToxiproxyFaults.versionNumber("2.1.4"));
        assertEquals("unknown", ToxiproxyFaults.versionNumber(""));
    }

    @Test
    void cutSlowAndHealShowInWhatIsLeftAfterHeal() throws Exception {
        try (ToxiproxyFaults net = ToxiproxyFaults.open(null)) {
            net.wire(PLAN, NODES, names -> { });
            net.cut("n1-to-n2", CutMode.BLACKHOLE);
            net.cut("n2-to-n1", CutMode.DISCONNECT);
            net.slow("client-to-n1", 50, 25);
            assertEquals(Set.of("n1-to-n2 toxic " + ToxiproxyFaults.BLACKHOLE_UP, "n1-to-n2 toxic " + ToxiproxyFaults.BLACKHOLE_DOWN,
                    "n2-to-n1 disabled", "client-to-n1 toxic " + ToxiproxyFaults.LATENCY), Set.copyOf(net.verifyHealed()));
            net.heal("n2-to-n1");
            assertEquals(3, net.verifyHealed().size());
            assertEquals(List.of(), net.healAll());
            assertEquals(List.of(), net.verifyHealed());
            assertThrows(IllegalArgumentException.class, () -> net.cut("n1-to-n9", CutMode.BLACKHOLE));
        }
    }

    @Test
    void linkFaultsAreToxicsWithExactlyTheirAttributesAndPacketLossIsRefused() throws Exception {
        try (ToxiproxyFaults net = ToxiproxyFaults.open(null)) {
            net.wire(PLAN, NODES, names -> { });
            net.degrade("n1-to-n2", new LinkFault.Bandwidth(64));
            net.degrade("n1-to-n2", new LinkFault.Slicer(64, 32, 1000));
            net.degrade("n2-to-n1", new LinkFault.ResetPeer(500));
            ToxicList n1n2 = new ToxiproxyClient("127.0.0.1", java.net.URI.create(net.url()).getPort()).getProxy("n1-to-n2").toxics();
            Bandwidth bw = n1n2.get(ToxiproxyFaults.BANDWIDTH, Bandwidth.class);
            assertEquals(64, bw.getRate());
            assertEquals(ToxicDirection.UPSTREAM, bw.getStream());
            Slicer sl = n1n2.get(ToxiproxyFaults.SLICER, Slicer.class);
            assertEquals(List.of(64L, 32L, 1000L), List.of(sl.getAverageSize(), sl.getSizeVariation(), sl.getDelay()));
            ResetPeer rp = new ToxiproxyClient("127.0.0.1", java.net.URI.create(net.url()).getPort()).getProxy("n2-to-n1").toxics()
                    .get(ToxiproxyFaults.RESET_PEER, ResetPeer.class);
            assertEquals(500, rp.getTimeout());
            assertEquals(ToxicDirection.UPSTREAM, rp.getStream());

            assertEquals(ToxiproxyFaults.NO_PACKET_LOSS, net.unsupported(LinkFault.Kind.PACKET_LOSS));
            assertEquals(null, net.unsupported(LinkFault.Kind.SLICER));
            assertThrows(UnsupportedOperationException.class, () -> net.degrade("n1-to-n2", new LinkFault.PacketLoss(5)));
            assertEquals(3, net.verifyHealed().size());
            assertEquals(List.of(), net.healAll());
            assertEquals(List.of(), net.verifyHealed());
        }
    }

    @Test
    void anUnreachableUrlSaysSo() throws Exception {
        int port = dev.chaoskv.common.FreePorts.one();
        ToxiproxyFaults.UnreachableException e = assertThrows(ToxiproxyFaults.UnreachableException.class,
                () -> ToxiproxyFaults.open("http://127.0.0.1:" + port));
        assertTrue(e.getMessage().startsWith("no Toxiproxy answers at http://127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void directLinksAreTheNodesThemselves() {
        List<String> recorded = new ArrayList<>();
        Map<String, HostPort> links = new DirectLinks().wire(PLAN, NODES, recorded::addAll);
        assertEquals(NODES.get("n2"), links.get("n1-to-n2"));
        assertEquals(NODES.get("n1"), links.get("client-to-n1"));
        assertEquals(List.of(), recorded, "nothing to heal, nothing recorded");
        assertThrows(UnsupportedOperationException.class, () -> new DirectLinks().cut("n1-to-n2", CutMode.DISCONNECT));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new DirectLinks().degrade("n1-to-n2", new LinkFault.Bandwidth(64)));
        assertTrue(e.getMessage().startsWith("bandwidth cannot be injected on "), e.getMessage());
    }
}
