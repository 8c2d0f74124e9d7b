package dev.chaoskv.chaos.cluster;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's only door to Toxiproxy (real or embedded): through {@code toxiproxy-java}, so both
 * servers are interchangeable. Creates the proxies of a {@link ClusterPlan} and applies or removes
 * the toxics that make up network faults.
 */
public final class ProxyWiring {
    /** Toxic names the runner owns; heal removes every toxic anyway. */
    static final String BLACKHOLE_UP = "chaos-blackhole-up", BLACKHOLE_DOWN = "chaos-blackhole-down",
            LATENCY = "chaos-latency";

    private final String url;
    private final ToxiproxyClient client;
    private final Map<String, Proxy> proxies = new LinkedHashMap<>();

    private ProxyWiring(String url, ToxiproxyClient client) {
        this.url = url;
        this.client = client;
    }

    /**
     * Connects and checks that a Toxiproxy answers at {@code url}.
     *
     * @throws IOException with a message naming the URL when nothing usable answers
     */
    public static ProxyWiring connect(String url) throws IOException {
        boundHttpCalls();
        URI u = parse(url);
        ToxiproxyClient client = new ToxiproxyClient(u.getHost(), u.getPort());
        try {
            client.version();
        } catch (IOException | RuntimeException e) {
            throw new IOException("no Toxiproxy answers at " + url + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        return new ProxyWiring(url, client);
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
        if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 1) {
            throw new IllegalArgumentException("'" + url + "' is not a URL such as http://127.0.0.1:8474");
        }
        return u;
    }

    public String url() {
        return url;
    }

    public String version() {
        try {
            return client.version();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Creates every proxy of the plan, listening on an ephemeral loopback port of the Toxiproxy
     * host. A proxy of the same name left by an earlier run (real Toxiproxy) is deleted first.
     *
     * @param nodes node id -> where the node listens
     * @return proxy name -> where it listens
     */
    public Map<String, HostPort> create(ClusterPlan plan, Map<String, HostPort> nodes) throws IOException {
        Map<String, HostPort> listen = new LinkedHashMap<>();
        for (ClusterPlan.ProxySpec spec : plan.proxies()) {
            Proxy stale = client.getProxyOrNull(spec.name());
            if (stale != null) stale.delete();
            Proxy p = client.createProxy(spec.name(), "127.0.0.1:0", nodes.get(spec.to()).toString());
            proxies.put(spec.name(), p);
            listen.put(spec.name(), HostPort.parse(p.getListen()));
        }
        return listen;
    }

    public Collection<String> proxyNames() {
        return proxies.keySet();
    }

    /** Drops every byte on the link, both streams, keeping connections open. */
    public void blackhole(String proxy) throws IOException {
        Proxy p = proxy(proxy);
        p.toxics().timeout(BLACKHOLE_UP, ToxicDirection.UPSTREAM, 0);
        p.toxics().timeout(BLACKHOLE_DOWN, ToxicDirection.DOWNSTREAM, 0);
    }

    /** Closes the link's connections and refuses new ones. */
    public void disconnect(String proxy) throws IOException {
        proxy(proxy).disable();
    }

    /** Latency with jitter on what the link's source sends. */
    public void latency(String proxy, int latencyMs, int jitterMs) throws IOException {
        proxy(proxy).toxics().latency(LATENCY, ToxicDirection.UPSTREAM, latencyMs).setJitter(jitterMs);
    }

    /** Removes every toxic and enables the proxy. Idempotent. */
    public void heal(String proxy) throws IOException {
        healProxy(proxy(proxy));
    }

    /** Heals every proxy of this wiring; returns the problems met (empty = all healed). */
    public List<String> healAll() {
        List<String> problems = new java.util.ArrayList<>();
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
     * Heals proxies by name on a Toxiproxy found at {@code url} (used by {@code chaos heal}, which
     * has no wiring of its own). Missing proxies are skipped.
     */
    public static List<String> healByName(String url, Collection<String> names) throws IOException {
        ProxyWiring w = connect(url);
        List<String> problems = new java.util.ArrayList<>();
        for (String name : names) {
            try {
                Proxy p = w.client.getProxyOrNull(name);
                if (p != null) healProxy(p);
            } catch (IOException | RuntimeException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static void healProxy(Proxy p) throws IOException {
        for (Toxic t : p.toxics().getAll()) t.remove();
        p.enable();
    }

    /** Toxics and disabled proxies still present (for checks after heal). */
    public List<String> leftovers() throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String name : proxies.keySet()) {
            Proxy p = client.getProxy(name);
            if (!p.isEnabled()) out.add(name + " disabled");
            for (Toxic t : p.toxics().getAll()) out.add(name + " toxic " + t.getName());
        }
        return out;
    }

    /** Deletes this run's proxies (a real Toxiproxy outlives the run). Best effort. */
    public void deleteAll() {
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
