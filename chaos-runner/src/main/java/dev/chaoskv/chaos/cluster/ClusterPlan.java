package dev.chaoskv.chaos.cluster;

import dev.chaoskv.common.HostPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a cluster, before anything runs: node ids, and the links (Toxiproxy proxies) that
 * carry every peer link and every client connection. Pure: no ports are bound here; addresses
 * are filled in by {@link #nodeArgs} once the links exist.
 *
 * <p>One proxy per <em>directed</em> peer link ({@code n1-to-n2} carries what n1 sends to n2, since
 * each kvnode sends only over its own outbound connection) and, where clients go through
 * Toxiproxy too (real machines in Toxiproxy mode, {@code --client-links proxy}), one per node for
 * clients ({@code client-to-n1}).
 */
public record ClusterPlan(List<String> nodeIds, List<ProxySpec> proxies) {

    /** One Toxiproxy proxy: {@code from} is a node id or "client"; {@code to} is the node it reaches. */
    public record ProxySpec(String name, String from, String to) {
        public boolean isClient() {
            return CLIENT.equals(from);
        }
    }

    public static final String CLIENT = "client";

    public ClusterPlan {
        nodeIds = List.copyOf(nodeIds);
        proxies = List.copyOf(proxies);
    }

    public static ClusterPlan of(int nodes) {
        return of(nodes, true);
    }

    /** @param clientProxies false: clients dial the nodes themselves, and only peer links get proxies */
    public static ClusterPlan of(int nodes, boolean clientProxies) {
        if (nodes < 1) throw new IllegalArgumentException("a cluster needs at least one node");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) ids.add("n" + i);
        return of(ids, clientProxies);
    }

    /** The plan of nodes with the given ids (an inventory's kvnode_id values). */
    public static ClusterPlan of(List<String> ids) {
        return of(ids, true);
    }

    private static ClusterPlan of(List<String> ids, boolean clientProxies) {
        if (ids.isEmpty()) throw new IllegalArgumentException("a cluster needs at least one node");
        List<ProxySpec> proxies = new ArrayList<>();
        for (String from : ids) {
            for (String to : ids) {
                if (!from.equals(to)) proxies.add(new ProxySpec(peerProxy(from, to), from, to));
            }
        }
        if (clientProxies) for (String id : ids) proxies.add(new ProxySpec(clientProxy(id), CLIENT, id));
        return new ClusterPlan(ids, proxies);
    }

    /**
     * "n1-to-n2": the link n1 -> n2. Not "n1->n2": toxiproxy-java puts proxy names into URL paths
     * unencoded, and '>' is not legal there (servers answer 400).
     */
    public static String peerProxy(String from, String to) {
        return from + "-to-" + to;
    }

    /** "client-to-n1". */
    public static String clientProxy(String node) {
        return CLIENT + "-to-" + node;
    }

    public int size() {
        return nodeIds.size();
    }

    /** Largest number of nodes that may fail while a majority stays: (n-1)/2. */
    public int minority() {
        return (size() - 1) / 2;
    }

    public List<ProxySpec> peerProxies() {
        return proxies.stream().filter(p -> !p.isClient()).toList();
    }

    /** Whether clients reach the nodes through proxies of their own (else they dial the nodes). */
    public boolean proxiesClients() {
        return proxies.stream().anyMatch(ProxySpec::isClient);
    }

    /**
     * The kvnode flags of one node: its own address, and for every peer the address of the link
     * {@code self->peer}, so that everything the node sends crosses that link.
     *
     * @param links link (proxy) name -> the address its sender dials
     */
    public List<String> nodeArgs(String id, HostPort self, String dataDir, Map<String, HostPort> links,
                                 List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--id", id, "--host", self.host(), "--port", String.valueOf(self.port()),
                "--data-dir", dataDir));
        Map<String, HostPort> peers = new TreeMap<>();
        for (String peer : nodeIds) {
            if (peer.equals(id)) continue;
            HostPort link = links.get(peerProxy(id, peer));
            if (link == null) throw new IllegalArgumentException("no proxy address for " + peerProxy(id, peer));
            peers.put(peer, link);
        }
        if (!peers.isEmpty()) {
            StringBuilder b = new StringBuilder();
            peers.forEach((peer, addr) -> b.append(b.length() == 0 ? "" : ",").append(peer).append('=').append(addr));
            args.add("--peers");
            args.add(b.toString());
        }
        args.addAll(extra);
        return args;
    }
}
