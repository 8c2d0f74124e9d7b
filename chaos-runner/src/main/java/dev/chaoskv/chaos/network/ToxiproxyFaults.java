package dev.chaoskv.chaos.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;
import dev.chaoskv.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Network faults through Toxiproxy, real or embedded, spoken to only through {@code toxiproxy-java}
 * so that both servers are interchangeable: one proxy per link of a {@link ClusterPlan}, and the
 * toxics (or a disabled proxy) that make up each fault.
 */
public final class ToxiproxyFaults implements NetworkFaults {
    /** Toxic names the runner owns; heal removes every toxic anyway. */
    static final String BLACKHOLE_UP = "chaos-blackhole-up", BLACKHOLE_DOWN = "chaos-blackhole-down",
            LATENCY = "chaos-latency", BANDWIDTH = "chaos-bandwidth", SLICER = "chaos-slicer", RESET_PEER = "chaos-reset-peer";
    /** Why packet loss is skipped on Toxiproxy links. */
    public static final String NO_PACKET_LOSS = "Toxiproxy has no packet-loss toxic (it proxies TCP streams, not packets):"
            + " packet-loss needs --net iptables with tc netem";
    /** Proxies listen on the Toxiproxy host's loopback: the nodes that dial them run on that host. */
    private static final String LISTEN = "127.0.0.1:0";

    private final String url;
    private final ToxiproxyClient client;
    private final ToxiproxyServer embedded;
    /** Asked once while the server surely answers: after the run the embedded one is stopped. */
    private final String version;
    private final Map<String, Proxy> proxies = new LinkedHashMap<>();
    /** Proxy name -> the node it reaches. */
    private final Map<String, String> reaches = new LinkedHashMap<>();

    private ToxiproxyFaults(String url, ToxiproxyClient client, ToxiproxyServer embedded) {
        this.url = url;
        this.client = client;
        this.embedded = embedded;
        String v;
        try {
            v = versionNumber(client.version());
        } catch (IOException e) {
            v = "unknown";
        }
        this.version = v;
    }

    /** Toxiproxy 2.x answers /version with {"version": "2.12.0"}, older ones with the bare text. */
    static String versionNumber(String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode v = new ObjectMapper().readTree(text).get("version");
                if (v != null && v.isTextual()) return v.asText();
            } catch (IOException e) {
                // not JSON after all: keep the text
            }
        }
        return text.isEmpty() ? "unknown" : text;
    }

    /** Nothing usable answers at a Toxiproxy URL. */
    public static final class UnreachableException extends IOException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Connects to the Toxiproxy at {@code url}, or, if it is null, starts the embedded one on an
     * ephemeral loopback port (stopped again by {@link #close}).
     *
     * @throws UnreachableException with a message naming the URL when nothing usable answers
     */
    public static ToxiproxyFaults open(String url) throws IOException {
        if (url != null) return new ToxiproxyFaults(url, connect(url), null);
        ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0);
        try {
            return new ToxiproxyFaults(server.url(), connect(server.url()), server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A client of the Toxiproxy at {@code url}, checked to answer (bounded HTTP calls). */
    public static ToxiproxyClient connect(String url) throws UnreachableException {
        boundHttpCalls();
        URI u = parse(url);
        ToxiproxyClient client = new ToxiproxyClient(u.getHost(), u.getPort());
        try {
            client.version();
        } catch (IOException | RuntimeException e) {
            throw new UnreachableException("no Toxiproxy answers at " + url + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        return client;
    }

    /**
     * toxiproxy-java sets no timeouts on its HttpURLConnections, so a hung API would hang heal
     * forever. These JDK-wide defaults apply to connections without explicit timeouts (read
     * bound above Toxiproxy's own 25 s handler timeout). Must run before the first HTTP call.
     */
    static void boundHttpCalls() {
        if (System.getProperty("sun.net.client.defaultConnectTimeout") == null) {
            System.setProperty("sun.net.client.defaultConnectTimeout", "5000");
        }
        if (System.getProperty("sun.net.client.defaultReadTimeout") == null) {
            System.setProperty("sun.net.client.defaultReadTimeout", "30000");
        }
    }

    public static URI parse(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL such as http://127.0.0.1:8474");
        }
        if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 1 || u.getPort() > 65535) {
            throw new IllegalArgumentException("'" + url + "' is not a URL such as http://127.0.0.1:8474");
        }
        return u;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String describe() {
        return proxies.size() + " proxies on Toxiproxy " + url + " (" + (embedded != null ? "embedded" : "external") + ")";
    }

    /**
     * Creates one proxy per link of the plan. A proxy of the same name left by an earlier run (real
     * Toxiproxy) is deleted first.
     */
    @Override
    public Map<String, HostPort> wire(ClusterPlan plan, Map<String, HostPort> nodes, Consumer<List<String>> beforeCreating)
            throws IOException {
        beforeCreating.accept(plan.proxies().stream().map(ClusterPlan.ProxySpec::name).toList());
        Map<String, HostPort> listen = new LinkedHashMap<>();
        try {
            for (ClusterPlan.ProxySpec spec : plan.proxies()) {
                Proxy stale = client.getProxyOrNull(spec.name());
                if (stale != null) stale.delete();
                Proxy p = client.createProxy(spec.name(), LISTEN, nodes.get(spec.to()).toString());
                proxies.put(spec.name(), p);
                reaches.put(spec.name(), spec.to());
                listen.put(spec.name(), HostPort.parse(p.getListen()));
            }
        } catch (IOException e) {
            throw new IOException("cannot create proxies on Toxiproxy at " + url + ": " + e.getMessage(), e);
        }
        return listen;
    }

    @Override
    public void reroute(String node, HostPort address) throws IOException {
        for (Map.Entry<String, String> e : reaches.entrySet()) {
            if (!e.getValue().equals(node)) continue;
            try {
                proxy(e.getKey()).setUpstream(address.toString());
            } catch (IOException ex) {
                throw new IOException("cannot point proxy " + e.getKey() + " at " + address + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** Blackhole: drops every byte on both streams, keeping connections open. Disconnect: disables the proxy. */
    @Override
    public void cut(String link, CutMode mode) throws IOException {
        cut(proxy(link), mode);
    }

    /** The cut of one proxy in {@code mode} (shared with the Toxiproxies of remote hosts). */
    public static void cut(Proxy p, CutMode mode) throws IOException {
        switch (mode) {
            case BLACKHOLE -> {
                p.toxics().timeout(BLACKHOLE_UP, ToxicDirection.UPSTREAM, 0);
                p.toxics().timeout(BLACKHOLE_DOWN, ToxicDirection.DOWNSTREAM, 0);
            }
            case DISCONNECT -> p.disable();
        }
    }

    @Override
    public void slow(String link, int latencyMs, int jitterMs) throws IOException {
        slow(proxy(link), latencyMs, jitterMs);
    }

    /** Latency with jitter on what the proxy's client sends (shared with remote hosts). */
    public static void slow(Proxy p, int latencyMs, int jitterMs) throws IOException {
        p.toxics().latency(LATENCY, ToxicDirection.UPSTREAM, latencyMs).setJitter(jitterMs);
    }

    @Override
    public void degrade(String link, LinkFault fault) throws IOException {
        degrade(proxy(link), fault);
    }

    @Override
    public String unsupported(LinkFault.Kind kind) {
        return refused(kind);
    }

    /** Null for every link fault Toxiproxy has a toxic for (shared with remote hosts). */
    public static String refused(LinkFault.Kind kind) {
        return kind == LinkFault.Kind.PACKET_LOSS ? NO_PACKET_LOSS : null;
    }

    /** The toxic of {@code fault} on what the proxy's client sends (shared with remote hosts). */
    public static void degrade(Proxy p, LinkFault fault) throws IOException {
        // Java 17: no pattern switch yet
        if (fault instanceof LinkFault.Bandwidth b) {
            p.toxics().bandwidth(BANDWIDTH, ToxicDirection.UPSTREAM, b.rateKBps());
        } else if (fault instanceof LinkFault.Slicer s) {
            p.toxics().slicer(SLICER, ToxicDirection.UPSTREAM, s.averageSize(), s.delayMicros()).setSizeVariation(s.sizeVariation());
        } else if (fault instanceof LinkFault.ResetPeer r) {
            p.toxics().resetPeer(RESET_PEER, ToxicDirection.UPSTREAM, r.timeoutMs());
        } else {
            throw new UnsupportedOperationException(NO_PACKET_LOSS);
        }
    }

    /** Removes every toxic and enables the proxy. */
    @Override
    public void heal(String link) throws IOException {
        healProxy(proxy(link));
    }

    @Override
    public List<String> healAll() {
        List<String> problems = new ArrayList<>();
        for (String name : proxies.keySet()) {
            try {
                heal(name);
            } catch (IOException | RuntimeException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /**
     * What healing proxies by name found: one line per proxy that needed healing ("n1-to-n2:
     * removed toxic x; enabled"), the names not on the server, and what could not be healed.
     */
    public record HealReport(List<String> healed, List<String> missing, List<String> problems) {
    }

    /**
     * Heals proxies by name on a Toxiproxy found at {@code url} (used by {@code chaos heal}, which
     * has no wiring of its own). Missing proxies are reported, not healed.
     */
    public static HealReport healByName(String url, Collection<String> names) throws IOException {
        ToxiproxyClient client = connect(url);
        HealReport report = new HealReport(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String name : names) {
            try {
                Proxy p = client.getProxyOrNull(name);
                if (p == null) {
                    report.missing().add(name);
                    continue;
                }
                List<String> done = healProxy(p);
                if (!done.isEmpty()) report.healed().add(name + ": " + String.join("; ", done));
            } catch (IOException | RuntimeException e) {
                report.problems().add(name + ": " + e.getMessage());
            }
        }
        return report;
    }

    /** Removes every toxic and enables the proxy; returns what that changed. */
    public static List<String> healProxy(Proxy p) throws IOException {
        List<String> done = new ArrayList<>();
        for (Toxic t : p.toxics().getAll()) {
            t.remove();
            done.add("removed toxic " + t.getName());
        }
        if (!p.isEnabled()) done.add("enabled (was disabled)");
        p.enable();
        return done;
    }

    /** Toxics and disabled proxies still present. */
    @Override
    public List<String> verifyHealed() {
        List<String> out = new ArrayList<>();
        try {
            for (String name : proxies.keySet()) {
                Proxy p = client.getProxy(name);
                if (!p.isEnabled()) out.add(name + " disabled");
                for (Toxic t : p.toxics().getAll()) out.add(name + " toxic " + t.getName());
            }
        } catch (IOException | RuntimeException e) {
            return List.of("cannot verify proxies: " + e.getMessage());
        }
        return out;
    }

    /** A real Toxiproxy outlives the run: its proxies are deleted (best effort). The embedded one stops. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
            return;
        }
        for (Proxy p : proxies.values()) {
            try {
                p.delete();
            } catch (IOException | RuntimeException ignored) {
                // already gone, or Toxiproxy went away: nothing left to clean
            }
        }
        proxies.clear();
    }

    private Proxy proxy(String name) {
        Proxy p = proxies.get(name);
        if (p == null) throw new IllegalArgumentException("no proxy named " + name);
        return p;
    }
}
