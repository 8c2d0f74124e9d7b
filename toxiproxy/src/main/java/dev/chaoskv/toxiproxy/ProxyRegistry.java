package dev.chaoskv.toxiproxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * All proxies by name. Every mutation is serialised on this object; none of them waits on
 * network I/O (binds and closes return at once), so an API call can never hang here.
 */
final class ProxyRegistry {
    /** Outcome of /populate: the proxies done so far, and the first error if any. */
    record PopulateResult(List<Proxy> proxies, ApiException error) {
    }

    private final TreeMap<String, Proxy> proxies = new TreeMap<>(); // sorted like Go's map encoding
    private final EventLoopGroup loops;

    ProxyRegistry(EventLoopGroup loops) {
        this.loops = loops;
    }

    synchronized List<Proxy> all() {
        return new ArrayList<>(proxies.values());
    }

    synchronized Proxy get(String name) throws ApiException {
        Proxy p = proxies.get(name);
        if (p == null) {
            throw ApiException.proxyNotFound();
        }
        return p;
    }

    /** POST /proxies: 409 if the name exists; on a bind failure nothing is stored. */
    synchronized Proxy create(ProxyConfig config) throws ApiException {
        config.requireNameAndUpstream("");
        if (proxies.containsKey(config.name())) {
            throw new ApiException(409, "proxy already exists");
        }
        Proxy p = new Proxy(config.name(), config.listen(), config.upstream(), loops);
        if (config.enabled()) {
            p.start();
        }
        proxies.put(config.name(), p);
        return p;
    }

    /**
     * POST /populate: validates every entry before changing anything; an entry equal to an
     * existing proxy (same resolved listen and upstream) leaves it untouched, a different one
     * replaces it (its toxics are lost).
     */
    synchronized PopulateResult populate(List<ProxyConfig> configs) {
        List<Proxy> done = new ArrayList<>();
        try {
            for (int i = 0; i < configs.size(); i++) {
                configs.get(i).requireNameAndUpstream(" at proxy " + (i + 1));
            }
            for (ProxyConfig c : configs) {
                Proxy existing = proxies.get(c.name());
                if (existing != null && !existing.differs(c.listen(), c.upstream())) {
                    done.add(existing);
                    continue;
                }
                if (existing != null) {
                    existing.stop(); // like the real AddOrReplace: if the new one cannot bind, the old one stays, disabled
                }
                Proxy p = new Proxy(c.name(), c.listen(), c.upstream(), loops);
                if (c.enabled()) {
                    p.start();
                }
                if (existing != null) {
                    existing.clearToxics();
                }
                proxies.put(c.name(), p);
                done.add(p);
            }
            return new PopulateResult(done, null);
        } catch (ApiException e) {
            return new PopulateResult(done, e);
        }
    }

    /** DELETE: stops the proxy (closing its connections) and discards it with its toxics. */
    synchronized void delete(String name) throws ApiException {
        Proxy p = get(name);
        p.stop();
        p.clearToxics();
        proxies.remove(name);
    }

    /** POST /reset: enables every proxy and removes every toxic; stops at the first bind failure. */
    synchronized void reset() throws ApiException {
        for (Proxy p : proxies.values()) {
            p.start();
            p.clearToxics();
        }
    }

    /** Server shutdown: stops everything. */
    synchronized void closeAll() {
        for (Proxy p : proxies.values()) {
            p.stop();
            p.clearToxics();
        }
        proxies.clear();
    }
}
