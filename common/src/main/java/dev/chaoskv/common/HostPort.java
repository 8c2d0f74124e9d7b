package dev.chaoskv.common;

import java.net.InetSocketAddress;

/** A "host:port" address: where a node, or the proxy of a link, listens. */
public record HostPort(String host, int port) {

    /** Parses "host:port" (the port after the last ':'). */
    public static HostPort parse(String hostPort) {
        int i = hostPort.lastIndexOf(':');
        if (i <= 0) throw new IllegalArgumentException("'" + hostPort + "' is not host:port");
        try {
            return new HostPort(hostPort.substring(0, i), Integer.parseInt(hostPort.substring(i + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostPort + "' is not host:port");
        }
    }

    public InetSocketAddress socket() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
