package dev.chaoskv.toxiproxy.api;

import dev.chaoskv.toxiproxy.core.Proxy;
import dev.chaoskv.toxiproxy.core.ProxySnapshot;
import dev.chaoskv.toxiproxy.toxics.ToxicSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real server's JSON for proxies and toxics, field order included. */
final class JsonViews {
    private JsonViews() {
    }

    /** Name, listen, upstream, enabled, toxics. */
    static Map<String, Object> proxy(ProxySnapshot p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("listen", p.listen());
        m.put("upstream", p.upstream());
        m.put("enabled", p.enabled());
        m.put("toxics", p.toxics().stream().map(JsonViews::toxic).toList());
        return m;
    }

    /** GET /proxies: an object of proxies by name, in the registry's (sorted) order. */
    static Map<String, Object> proxies(List<Proxy> proxies) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Proxy p : proxies) {
            m.put(p.name(), proxy(p.snapshot()));
        }
        return m;
    }

    /** Attributes, name, type, stream, toxicity; every attribute, zero values included. */
    static Map<String, Object> toxic(ToxicSpec t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attributes", t.toxic().attributes().byName());
        m.put("name", t.name());
        m.put("type", t.toxic().type().name());
        m.put("stream", t.streamText());
        m.put("toxicity", float32(t.toxicity()));
        return m;
    }

    /** Go prints a float32 by its shortest form: 1 for 1.0 and 0.1 for 0.1f (not 0.10000000149). */
    static Object float32(float f) {
        if (f == Math.rint(f) && Math.abs(f) < 1e15) {
            return (long) f;
        }
        return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : 0;
    }
}
