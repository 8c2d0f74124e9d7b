package dev.chaoskv.chaos.remote.net;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.network.NetworkFaults;
import dev.chaoskv.chaos.network.ToxiproxyFaults;
import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.chaos.remote.inventory.RemoteInventory;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import dev.chaoskv.common.HostPort;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Network faults through each host's Toxiproxy, whose proxies Ansible created (the kvnode role,
 * with {@code chaos_net: toxiproxy}): link {@code a-to-b} is a proxy on a's host, {@code client-to-a}
 * one on a's host at {@code kvnode_host:kvnode_client_port}. The runner reaches each API directly,
 * or through an SSH tunnel when it listens on the host's loopback. Same cuts and toxics as local runs.
 */
public final class RemoteToxiproxyFaults implements NetworkFaults {
    private final RemoteInventory inventory;
    private final SshConnections ssh;
    /** Host name -> the URL the runner reaches its API at (a tunnel's local end, or the API itself). */
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, ToxiproxyClient> clients = new LinkedHashMap<>();
    private final Map<String, Proxy> proxies = new LinkedHashMap<>();
    private final Map<String, String> proxyHost = new LinkedHashMap<>();
    private String version = "unknown";

    public RemoteToxiproxyFaults(RemoteInventory inventory, SshConnections ssh) {
        this.inventory = inventory;
        this.ssh = ssh;
    }

    /** The URL of a host's Toxiproxy API as the runner reaches it, opening a tunnel when the API is on the host's loopback. */
    public static String apiUrl(RemoteHost h, SshConnections ssh) throws IOException {
        HostPort api = h.toxiproxyApi();
        if (isLoopback(api.host())) return "http://127.0.0.1:" + ssh.get(h).forward(api.host(), api.port());
        return "http://" + api;
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private ToxiproxyClient client(RemoteHost h) throws IOException {
        ToxiproxyClient c = clients.get(h.name());
        if (c != null) return c;
        String url = apiUrl(h, ssh);
        try {
            c = ToxiproxyFaults.connect(url);
        } catch (ToxiproxyFaults.UnreachableException e) {
            throw new IOException("host " + h.label() + ": its Toxiproxy API (" + h.toxiproxyApi() + " on the host) does not answer: "
                    + e.getMessage() + "; start it (toxiproxyctl start) or deploy with chaos_net: toxiproxy", e);
        }
        clients.put(h.name(), c);
        urls.put(h.name(), url);
        return c;
    }

    /** Finds every link's proxy on its sender's host, healed of anything an earlier run left. */
    @Override
    public Map<String, HostPort> wire(ClusterPlan plan, Map<String, HostPort> nodes, Consumer<List<String>> beforeCreating)
            throws IOException {
        beforeCreating.accept(List.of());
        Map<String, HostPort> out = new LinkedHashMap<>();
        for (ClusterPlan.ProxySpec spec : plan.proxies()) {
            RemoteHost h = inventory.byNode(spec.isClient() ? spec.to() : spec.from());
            ToxiproxyClient c = client(h);
            Proxy p = c.getProxyOrNull(spec.name());
            if (p == null) {
                throw new IOException("host " + h.label() + ": its Toxiproxy has no proxy " + spec.name()
                        + "; deploy with chaos_net: toxiproxy (ansible-playbook ansible/site.yml)");
            }
            ToxiproxyFaults.healProxy(p);
            proxies.put(spec.name(), p);
            proxyHost.put(spec.name(), h.name());
            out.put(spec.name(), spec.isClient() ? new HostPort(h.node().host(), h.clientPort()) : HostPort.parse(p.getListen()));
        }
        version = clients.values().iterator().next().version();
        return out;
    }

    @Override
    public void reroute(String node, HostPort address) throws IOException {
        throw new IOException("node " + node + " cannot move: its port is set in the inventory");
    }

    private Proxy proxy(String link) {
        Proxy p = proxies.get(link);
        if (p == null) throw new IllegalArgumentException("no proxy named " + link);
        return p;
    }

    private IOException onHost(String link, String what, IOException e) {
        RemoteHost h = inventory.hosts().stream().filter(x -> x.name().equals(proxyHost.get(link))).findFirst().orElseThrow();
        return new IOException("host " + h.label() + ": cannot " + what + " " + link + " on its Toxiproxy: " + e.getMessage(), e);
    }

    @Override
    public void cut(String link, CutMode mode) throws IOException {
        try {
            ToxiproxyFaults.cut(proxy(link), mode);
        } catch (IOException e) {
            throw onHost(link, "cut", e);
        }
    }

    @Override
    public void slow(String link, int latencyMs, int jitterMs) throws IOException {
        try {
            ToxiproxyFaults.slow(proxy(link), latencyMs, jitterMs);
        } catch (IOException e) {
            throw onHost(link, "slow", e);
        }
    }

    @Override
    public void degrade(String link, dev.chaoskv.chaos.network.LinkFault fault) throws IOException {
        try {
            ToxiproxyFaults.degrade(proxy(link), fault);
        } catch (IOException e) {
            throw onHost(link, "put " + fault.kind().wireName() + " on", e);
        }
    }

    @Override
    public String unsupported(dev.chaoskv.chaos.network.LinkFault.Kind kind) {
        return ToxiproxyFaults.refused(kind);
    }

    @Override
    public void heal(String link) throws IOException {
        try {
            ToxiproxyFaults.healProxy(proxy(link));
        } catch (IOException e) {
            throw onHost(link, "heal", e);
        }
    }

    @Override
    public List<String> healAll() {
        List<String> problems = new ArrayList<>();
        for (String link : proxies.keySet()) {
            try {
                heal(link);
            } catch (IOException | RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    @Override
    public List<String> verifyHealed() {
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, Proxy> e : proxies.entrySet()) {
            try {
                Proxy p = clients.get(proxyHost.get(e.getKey())).getProxy(e.getKey());
                if (!p.isEnabled()) left.add("host " + proxyHost.get(e.getKey()) + ": " + e.getKey() + " disabled");
                for (Toxic t : p.toxics().getAll()) left.add("host " + proxyHost.get(e.getKey()) + ": " + e.getKey() + " toxic " + t.getName());
            } catch (IOException | RuntimeException ex) {
                left.add("host " + proxyHost.get(e.getKey()) + ": cannot check " + e.getKey() + ": " + ex.getMessage());
            }
        }
        return left;
    }

    @Override
    public String describe() {
        return proxies.size() + " proxies on the Toxiproxies of " + clients.size() + " hosts";
    }

    @Override
    public String url() {
        return "none";
    }

    /** Host name -> its API URL as the runner reached it. */
    public Map<String, String> urls() {
        return Map.copyOf(urls);
    }

    @Override
    public String version() {
        return version;
    }

    /** The proxies belong to the deployment: they stay (healed). The tunnels close with the SSH sessions. */
    @Override
    public void close() {
    }
}
