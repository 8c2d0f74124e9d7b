package dev.chaoskv.kvnode.cli;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses peer lists: {@code n2=127.0.0.1:9002,n3=127.0.0.1:9003}, or bare ports {@code 9002,9003}
 * (host 127.0.0.1, id = the port), or mixes such as {@code n2=9002,10.0.0.3:9003}.
 */
public final class PeerSpec {
    private PeerSpec() {
    }

    public static Map<String, InetSocketAddress> parseList(String spec) {
        Map<String, InetSocketAddress> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) return out;
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            Map.Entry<String, InetSocketAddress> e = parseOne(p);
            if (out.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("peer id '" + e.getKey() + "' appears twice in '" + spec + "'");
            }
        }
        return out;
    }

    /** One {@code [id=]port} or {@code [id=]host:port}. */
    public static Map.Entry<String, InetSocketAddress> parseOne(String p) {
        String id = null;
        String addr = p;
        int eq = p.indexOf('=');
        if (eq >= 0) {
            id = p.substring(0, eq).trim();
            addr = p.substring(eq + 1).trim();
            if (id.isEmpty()) throw new IllegalArgumentException("empty peer id in '" + p + "'");
        }
        String host = "127.0.0.1";
        String portText = addr;
        int colon = addr.lastIndexOf(':');
        if (colon >= 0) {
            host = addr.substring(0, colon);
            portText = addr.substring(colon + 1);
            if (host.isEmpty()) throw new IllegalArgumentException("empty host in '" + p + "'");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + p + "' is not [id=]port or [id=]host:port");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " out of range in '" + p + "'");
        return Map.entry(id == null ? String.valueOf(port) : id, InetSocketAddress.createUnresolved(host, port));
    }
}
