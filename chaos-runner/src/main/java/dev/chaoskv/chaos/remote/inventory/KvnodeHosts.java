package dev.chaoskv.chaos.remote.inventory;

import dev.chaoskv.common.HostPort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts of an inventory that form the cluster (group {@code kvnodes}, or the group named by
 * {@code kvnode_group}), read into {@link RemoteHost}s with the kvnode role's defaults. Pure.
 */
public final class KvnodeHosts {
    public static final String DEFAULT_GROUP = "kvnodes";
    static final int DEFAULT_KVNODE_PORT = 9001, DEFAULT_CLIENT_PORT = 9101, DEFAULT_TOXIPROXY_API_PORT = 8474;
    static final String DEFAULT_HOME = "/opt/kvnode";

    private KvnodeHosts() {
    }

    public static List<RemoteHost> of(Inventory inv) throws InventoryException {
        String group = groupName(inv);
        List<String> names = inv.hostsOf(group);
        if (names.isEmpty()) {
            throw new InventoryException(inv.source() + ": " + (inv.hasGroup(group) ? "group " + group + " has no hosts"
                    : "no group " + group + "; put the kvnode hosts in a group named " + group + " (or set kvnode_group)"));
        }
        if (names.size() > 9) throw new InventoryException(inv.source() + ": group " + group + " has " + names.size() + " hosts; the runner drives 1 to 9");
        List<RemoteHost> hosts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<HostPort> listens = new HashSet<>();
        for (String name : names) {
            RemoteHost h = host(inv.source(), name, inv.vars(name));
            if (!ids.add(h.nodeId())) throw new InventoryException(inv.source() + ": host " + name + ": node id " + h.nodeId() + " is used twice");
            if (!listens.add(h.node())) throw new InventoryException(inv.source() + ": host " + name + ": " + h.node() + " is used by two nodes");
            hosts.add(h);
        }
        return hosts;
    }

    /** kvnode_group of any host (the role's variable), else "kvnodes". */
    static String groupName(Inventory inv) {
        for (String h : inv.hosts()) {
            Object g = inv.vars(h).get("kvnode_group");
            if (g != null) return String.valueOf(g);
        }
        return DEFAULT_GROUP;
    }

    static RemoteHost host(String source, String name, Map<String, Object> vars) throws InventoryException {
        Vars v = new Vars(source, name, vars);
        String address = v.string("ansible_host", name);
        int sshPort = v.port("ansible_port", 22);
        String user = v.string("ansible_user", System.getProperty("user.name"));
        Optional<Path> key = Optional.ofNullable(v.string("ansible_ssh_private_key_file", null)).map(KvnodeHosts::expandHome);
        boolean become = v.bool("ansible_become", false);
        String id = v.string("kvnode_id", name);
        if (!id.matches("[A-Za-z0-9_-]+")) throw v.bad("kvnode_id", id, "letters, digits, '_' or '-'");
        HostPort node = new HostPort(v.string("kvnode_host", address), v.port("kvnode_port", DEFAULT_KVNODE_PORT));
        String home = v.string("kvnode_home", DEFAULT_HOME);
        if (!home.startsWith("/")) throw v.bad("kvnode_home", home, "an absolute path");
        String dataDir = v.string("kvnode_data_dir", home + "/data");
        if (!dataDir.startsWith("/") || dataDir.equals("/")) throw v.bad("kvnode_data_dir", dataDir, "an absolute path other than /");
        String logFile = v.string("kvnode_log_file", home + "/log/kvnode.log");
        int clientPort = v.port("kvnode_client_port", DEFAULT_CLIENT_PORT);
        HostPort api = new HostPort(v.string("toxiproxy_api_host", "127.0.0.1"), v.port("toxiproxy_api_port", DEFAULT_TOXIPROXY_API_PORT));
        return new RemoteHost(name, address, sshPort, user, key, become, id, node, home, dataDir, logFile, clientPort,
                v.list("kvnode_extra_args"), api);
    }

    static Path expandHome(String p) {
        if (p.equals("~")) return Path.of(System.getProperty("user.home"));
        if (p.startsWith("~/")) return Path.of(System.getProperty("user.home"), p.substring(2));
        return Path.of(p);
    }
}
