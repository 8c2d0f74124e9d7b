package dev.chaoskv.chaos.network;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code --direct} (benchmarks only): every link is the node itself, so nothing can be faulted.
 * The run refuses a nemesis with it, so the fault methods are never reached.
 */
public final class DirectLinks implements NetworkFaults {

    @Override
    public Map<String, HostPort> wire(ClusterPlan plan, Map<String, HostPort> nodes, Consumer<List<String>> beforeCreating) {
        Map<String, HostPort> links = new LinkedHashMap<>();
        for (ClusterPlan.ProxySpec p : plan.proxies()) links.put(p.name(), nodes.get(p.to()));
        return links;
    }

    /** Every sender dials the node itself, so a node that moved cannot be reached without restarting the others. */
    @Override
    public void reroute(String node, HostPort address) throws IOException {
        throw new IOException("--direct: node " + node + " cannot move to " + address + ", its peers dial its old port");
    }

    @Override
    public void cut(String link, CutMode mode) {
        throw new UnsupportedOperationException("--direct: links cannot be cut");
    }

    @Override
    public void slow(String link, int latencyMs, int jitterMs) {
        throw new UnsupportedOperationException("--direct: links cannot be slowed");
    }

    @Override
    public void heal(String link) {
    }

    @Override
    public List<String> healAll() {
        return List.of();
    }

    @Override
    public List<String> verifyHealed() {
        return List.of();
    }

    @Override
    public String describe() {
        return "DIRECT connections, no Toxiproxy (--direct)";
    }

    @Override
    public String url() {
        return "none";
    }

    @Override
    public String version() {
        return "none (--direct)";
    }

    @Override
    public void close() {
    }
}
