package dev.chaoskv.chaos.remote.net;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.chaos.remote.inventory.RemoteInventory;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import dev.chaoskv.chaos.remote.ssh.SshSettings;
import dev.chaoskv.chaos.remote.ssh.Sshd;
import dev.chaoskv.common.HostPort;
import dev.chaoskv.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Toxiproxy mode against real servers: two "hosts" (one real sshd on 127.0.0.1), each with its
 * own Toxiproxy whose API listens on loopback, reached through SSH tunnels; the proxies are made
 * as the kvnode role makes them. Each link's faults land on its sender's Toxiproxy.
 */
class RemoteToxiproxyFaultsIT {
    @TempDir
    Path dir;

    @Test
    void linksAreFoundOnTheirSendersToxiproxyThroughTunnelsAndCutAndHealedThere() throws Exception {
        assumeTrue(Sshd.available(), "skipped: /usr/sbin/sshd is not installed");
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 10, key);
             ToxiproxyServer t1 = ToxiproxyServer.start("127.0.0.1", 0);
             ToxiproxyServer t2 = ToxiproxyServer.start("127.0.0.1", 0)) {
            RemoteHost n1 = host("n1", sshd, key, t1, 19001, 19101);
            RemoteHost n2 = host("n2", sshd, key, t2, 19002, 19102);
            // As the kvnode role does with chaos_net: toxiproxy.
            ToxiproxyClient c1 = client(t1), c2 = client(t2);
            c1.createProxy("client-to-n1", "127.0.0.1:19101", "127.0.0.1:19001");
            c1.createProxy("n1-to-n2", "127.0.0.1:0", "127.0.0.1:19002");
            c2.createProxy("client-to-n2", "127.0.0.1:19102", "127.0.0.1:19002");
            c2.createProxy("n2-to-n1", "127.0.0.1:0", "127.0.0.1:19001");
            c1.getProxy("n1-to-n2").toxics().latency("left-by-a-crashed-run", eu.rekawek.toxiproxy.model.ToxicDirection.UPSTREAM, 5);

            RemoteInventory inv = new RemoteInventory(dir.resolve("hosts.yml"), List.of(n1, n2), Optional.empty(), Optional.empty());
            try (SshConnections ssh = new SshConnections(SshSettings.defaults(sshd.knownHosts(), false), r -> { })) {
                RemoteToxiproxyFaults net = new RemoteToxiproxyFaults(inv, ssh);
                ClusterPlan plan = ClusterPlan.of(List.of("n1", "n2"));
                Map<String, HostPort> links = net.wire(plan, Map.of("n1", n1.node(), "n2", n2.node()), names -> { });
                assertEquals(new HostPort("127.0.0.1", 19101), links.get("client-to-n1"), "clients dial kvnode_client_port");
                assertEquals("127.0.0.1", links.get("n1-to-n2").host());
                assertTrue(c1.getProxy("n1-to-n2").toxics().getAll().isEmpty(), "what an earlier run left is healed at wiring");
                for (String url : net.urls().values()) {
                    int port = URI.create(url).getPort();
                    assertFalse(port == URI.create(t1.url()).getPort() || port == URI.create(t2.url()).getPort(),
                            "a loopback API is reached through a tunnel, not directly: " + url);
                }

                net.cut("n1-to-n2", CutMode.BLACKHOLE);
                net.cut("n2-to-n1", CutMode.DISCONNECT);
                assertEquals(2, c1.getProxy("n1-to-n2").toxics().getAll().size(), "n1-to-n2 is cut on n1's Toxiproxy");
                assertFalse(c2.getProxy("n2-to-n1").isEnabled(), "n2-to-n1 is cut on n2's Toxiproxy");
                assertTrue(c2.getProxyOrNull("n1-to-n2") == null);
                assertEquals(java.util.Set.of("host n1: n1-to-n2 toxic chaos-blackhole-up", "host n1: n1-to-n2 toxic chaos-blackhole-down",
                        "host n2: n2-to-n1 disabled"), java.util.Set.copyOf(net.verifyHealed()));
                assertEquals(List.of(), net.healAll());
                assertEquals(List.of(), net.verifyHealed());
                assertTrue(c2.getProxy("n2-to-n1").isEnabled());
            }

            c2.getProxy("n2-to-n1").delete();
            try (SshConnections ssh = new SshConnections(SshSettings.defaults(sshd.knownHosts(), false), r -> { })) {
                RemoteToxiproxyFaults net = new RemoteToxiproxyFaults(inv, ssh);
                IOException e = assertThrows(IOException.class, () -> net.wire(ClusterPlan.of(List.of("n1", "n2")),
                        Map.of("n1", n1.node(), "n2", n2.node()), names -> { }));
                assertEquals("host n2 (127.0.0.1:" + sshd.port + "): its Toxiproxy has no proxy n2-to-n1; deploy with chaos_net: toxiproxy"
                        + " (ansible-playbook ansible/site.yml)", e.getMessage());
            }
        }
    }

    private static ToxiproxyClient client(ToxiproxyServer t) {
        URI u = URI.create(t.url());
        return new ToxiproxyClient(u.getHost(), u.getPort());
    }

    private static RemoteHost host(String name, Sshd sshd, Path key, ToxiproxyServer t, int nodePort, int clientPort) {
        return new RemoteHost(name, "127.0.0.1", sshd.port, sshd.user, Optional.of(key), false, name,
                new HostPort("127.0.0.1", nodePort), "/opt/kvnode", "/opt/kvnode/data", "/opt/kvnode/log/kvnode.log", clientPort,
                List.of(), new HostPort("127.0.0.1", URI.create(t.url()).getPort()));
    }
}
