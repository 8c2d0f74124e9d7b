package dev.chaoskv.chaos.remote.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the runner takes from an inventory: the kvnode hosts, and the run-wide choices the
 * inventory may make ({@code chaos_net}, {@code chaos_ssh_known_hosts}; the command line wins).
 */
public record RemoteInventory(Path file, List<RemoteHost> hosts, Optional<String> net, Optional<Path> knownHosts) {
    public RemoteInventory {
        hosts = List.copyOf(hosts);
    }

    public static RemoteInventory load(Path file) throws InventoryException {
        Inventory inv = Inventory.load(file);
        List<RemoteHost> hosts = KvnodeHosts.of(inv);
        Optional<String> net = Optional.empty();
        Optional<Path> kh = Optional.empty();
        for (String h : inv.hostsOf(KvnodeHosts.groupName(inv))) {
            Object n = inv.vars(h).get("chaos_net");
            if (n != null && net.isEmpty()) net = Optional.of(String.valueOf(n));
            Object k = inv.vars(h).get("chaos_ssh_known_hosts");
            if (k != null && kh.isEmpty()) kh = Optional.of(KvnodeHosts.expandHome(String.valueOf(k)));
        }
        return new RemoteInventory(file, hosts, net, kh);
    }

    public List<String> nodeIds() {
        return hosts.stream().map(RemoteHost::nodeId).toList();
    }

    public RemoteHost byNode(String id) {
        return hosts.stream().filter(h -> h.nodeId().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in " + file));
    }
}
