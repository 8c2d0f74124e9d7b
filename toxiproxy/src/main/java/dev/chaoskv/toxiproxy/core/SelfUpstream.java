package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Refuses a proxy whose upstream is its own listener: every connection it accepted would dial
 * itself, and each of those dials would be accepted and dial again, until the process runs out
 * of sockets.
 */
final class SelfUpstream {
    private SelfUpstream() {
    }

    /**
     * Before binding: refuses a concrete {@code listen} (port not 0) that is the upstream. An
     * upstream whose host cannot be resolved now is left to fail at dial time, as before.
     */
    static void refuse(String name, String listen, String upstream, String suffix) throws InvalidSpec, Malformed {
        InetSocketAddress l;
        try {
            l = HostPort.parse(listen, "listen").resolve();
        } catch (Malformed | UnknownHostException e) {
            return; // a bad listen fails when it is bound, with the message it always had
        }
        if (l.getPort() != 0) { // port 0 is only known once bound: start() checks again then
            refuseBound(name, l, upstream, suffix);
        }
    }

    /** After binding {@code bound}: refuses if dialling {@code upstream} would reach it. */
    static void refuseBound(String name, InetSocketAddress bound, String upstream, String suffix) throws InvalidSpec, Malformed {
        InetSocketAddress target;
        try {
            target = HostPort.parse(upstream, "upstream").resolve();
        } catch (UnknownHostException e) {
            return;
        }
        if (reaches(target, bound)) {
            throw new InvalidSpec("proxy \"" + name + "\" would connect to itself: upstream " + upstream + " is its own listen address "
                    + HostPort.format(bound) + suffix);
        }
    }

    /** Whether a connection to {@code target} arrives at a listener bound to {@code bound}. */
    static boolean reaches(InetSocketAddress target, InetSocketAddress bound) {
        if (target.getPort() != bound.getPort()) {
            return false;
        }
        InetAddress t = target.getAddress();
        InetAddress b = bound.getAddress();
        if (b.isAnyLocalAddress()) {
            return isThisHost(t); // a wildcard listener takes connections to any local address
        }
        return t.equals(b) || (t.isAnyLocalAddress() && b.isLoopbackAddress()); // dialling 0.0.0.0 reaches loopback
    }

    private static boolean isThisHost(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
