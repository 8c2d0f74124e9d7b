package dev.chaoskv.chaos.cluster;

import dev.chaoskv.common.HostPort;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterPlanTest {
    @Test
    void oneProxyPerDirectedPeerLinkAndOnePerNodeForClients() {
        ClusterPlan p = ClusterPlan.of(5);
        assertEquals(5 * 4 + 5, p.proxies().size());
        assertEquals(20, p.peerProxies().size());
        assertEquals(2, p.minority());
        assertTrue(p.proxies().stream().anyMatch(s -> s.name().equals("n3-to-n5") && s.from().equals("n3") && s.to().equals("n5")));
        assertTrue(p.proxies().stream().anyMatch(s -> s.name().equals("client-to-n2") && s.isClient()));
        // proxy names must be usable unencoded in URL paths (toxiproxy-java does not encode them)
        assertTrue(p.proxies().stream().allMatch(s -> s.name().matches("[A-Za-z0-9_-]+")));
    }

    @Test
    void withClientsDialingTheNodesOnlyPeerLinksGetProxies() {
        ClusterPlan p = ClusterPlan.of(3, false);
        assertEquals(6, p.proxies().size());
        assertEquals(p.peerProxies(), p.proxies());
        assertFalse(p.proxiesClients());
        assertTrue(ClusterPlan.of(3).proxiesClients());
    }

    @Test
    void aNodeReachesEveryPeerThroughItsOwnOutboundProxy() {
        ClusterPlan p = ClusterPlan.of(3);
        Map<String, HostPort> listen = new HashMap<>();
        int port = 40000;
        for (ClusterPlan.ProxySpec s : p.proxies()) listen.put(s.name(), new HostPort("127.0.0.1", port++));
        List<String> args = p.nodeArgs("n2", new HostPort("10.0.0.2", 9002), "/tmp/d", listen, List.of("--quorum=1"));
        int i = args.indexOf("--peers");
        assertEquals("n1=" + listen.get("n2-to-n1") + ",n3=" + listen.get("n2-to-n3"), args.get(i + 1));
        assertEquals("n1=127.0.0.1:" + listen.get("n2-to-n1").port() + ",n3=127.0.0.1:" + listen.get("n2-to-n3").port(), args.get(i + 1));
        assertEquals("10.0.0.2", args.get(args.indexOf("--host") + 1));
        assertEquals("9002", args.get(args.indexOf("--port") + 1));
        assertEquals("n2", args.get(args.indexOf("--id") + 1));
        assertEquals("--quorum=1", args.get(args.size() - 1));
    }
}
