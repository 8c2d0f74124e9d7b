package dev.chaoskv.chaos.results;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultsFolderTest {
    @Test
    void runJsonNamesTheAddressesTheClusterAndItsLinksGave() {
        ClusterPlan plan = ClusterPlan.of(2);
        Map<String, HostPort> nodes = Map.of("n1", new HostPort("10.0.0.1", 9001), "n2", new HostPort("10.0.0.2", 9001));
        Map<String, HostPort> links = new LinkedHashMap<>();
        int port = 30000;
        for (ClusterPlan.ProxySpec p : plan.proxies()) links.put(p.name(), new HostPort("10.0.0.9", port++));
        List<Map<String, Object>> json = ResultsFolder.nodes(new Outcome.Layout(plan, nodes, links));
        assertEquals(2, json.size());
        Map<String, Object> n2 = json.get(1);
        assertEquals(List.of("id", "address", "clientProxy", "peerProxies", "log"), List.copyOf(n2.keySet()));
        assertEquals("n2", n2.get("id"));
        assertEquals("10.0.0.2:9001", n2.get("address"));
        assertEquals("10.0.0.9:30003", n2.get("clientProxy"));
        assertEquals(Map.of("n1", "10.0.0.9:30001"), n2.get("peerProxies"));
        assertEquals("nodes/n2/node.log", n2.get("log"));
    }
}
