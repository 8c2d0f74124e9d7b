package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** A {@code host:port} or {@code [v6]:port} address as the API spells it; the host may be empty. */
public record HostPort(String host, int port) {

    /** Parses {@code text}; {@code what} names the field in the error message. */
    static HostPort parse(String text, String what) throws Malformed {
        if (text.isEmpty()) {
            return new HostPort("", 0); // an empty listen means any port (on loopback, see resolve())
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new Malformed(what + " must be host:port, got \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Malformed(what + " has an invalid port in \"" + text + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new Malformed(what + " port out of range in \"" + text + "\"");
        }
        return new HostPort(host, port);
    }

    /** Resolves the host; an empty host means loopback (see docs/toxiproxy.md: safer than all interfaces). */
    InetSocketAddress resolve() throws UnknownHostException {
        InetAddress address = host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
        return new InetSocketAddress(address, port);
    }

    /** The {@code ip:port} text of a bound address, as the real server rewrites {@code listen}. */
    public static String format(InetSocketAddress address) {
        String ip = address.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }
}
