package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.AlreadyExists;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.NotFound;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * All proxies by name. Every mutation is serialised on this object; none of them waits on
 * network I/O (binds and closes return at once), so an API call can never hang here.
 */
public final class ProxyRegistry {
    /** Outcome of /populate: the proxies done so far, and the first error if any. */
    public record PopulateResult(List<Proxy> proxies, ToxiproxyException error) {
    }

    private final TreeMap<String, Proxy> proxies = new TreeMap<>(); // sorted like Go's map encoding
    private final EventLoopGroup loops;

    public ProxyRegistry(EventLoopGroup loops) {
        this.loops = loops;
    }

    public synchronized List<Proxy> all() {
        return new ArrayList<>(proxies.values());
    }

    public synchronized Proxy get(String name) throws NotFound {
        Proxy p = proxies.get(name);
        if (p == null) {
            throw NotFound.proxy();
        }
        return p;
    }

    /** Creates and (if enabled) starts a proxy; if the name is taken or the bind fails, nothing is stored. */
    public synchronized Proxy create(ProxySpec config) throws ToxiproxyException {
        config.requireNameAndUpstream("");
        if (proxies.containsKey(config.name())) {
            throw AlreadyExists.proxy();
        }
        Proxy p = new Proxy(config.name(), config.listen(), config.upstream(), loops);
        if (config.enabled()) {
            p.start();
        }
        proxies.put(config.name(), p);
        return p;
    }

    /**
     * Populate: validates every entry before changing anything; an entry equal to an
     * existing proxy (same resolved listen and upstream) leaves it untouched, a different one
     * replaces it (its toxics are lost).
     */
    public synchronized PopulateResult populate(List<ProxySpec> configs) {
        List<Proxy> done = new ArrayList<>();
        try {
            for (int i = 0; i < configs.size(); i++) {
                configs.get(i).requireNameAndUpstream(" at proxy " + (i + 1));
            }
            for (ProxySpec c : configs) {
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
        } catch (ToxiproxyException e) {
            return new PopulateResult(done, e);
        }
    }

    /** Stops the proxy (closing its connections) and discards it with its toxics. */
    public synchronized void delete(String name) throws NotFound {
        Proxy p = get(name);
        p.stop();
        p.clearToxics();
        proxies.remove(name);
    }

    /** Enables every proxy and removes every toxic; stops at the first bind failure. */
    public synchronized void reset() throws ToxiproxyException {
        for (Proxy p : proxies.values()) {
            p.start();
            p.clearToxics();
        }
    }

    /** Server shutdown: stops everything. */
    public synchronized void closeAll() {
        for (Proxy p : proxies.values()) {
            p.stop();
            p.clearToxics();
        }
        proxies.clear();
    }
}
