package dev.chaoskv.toxiproxy.core;

import static dev.chaoskv.common.Closeables.closeQuietly;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.AlreadyExists;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.CannotListen;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.NotFound;
import dev.chaoskv.toxiproxy.toxics.StreamDirection;
import dev.chaoskv.toxiproxy.toxics.ToxicSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One proxy: its listener, its open connections and its toxics. Stopping it (disable, delete,
 * listen/upstream change) closes the listener and every open connection, so new connects are
 * refused and open sockets see EOF; toxics stay unless the proxy is deleted.
 */
public final class Proxy {
    private static final int BACKLOG = 1024; // hundreds of connections may arrive at once

    private final String name;
    private final EventLoopGroup loops;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final ToxicCollection toxics = new ToxicCollection();
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private String listen;
    private String upstream;
    private ServerSocketChannel server; // non-null exactly while enabled
    private String lastBound; // the address this proxy itself listened on before

    Proxy(String name, String listen, String upstream, EventLoopGroup loops) {
        this.name = name;
        this.loops = loops;
        this.listen = listen;
        this.upstream = upstream;
    }

    public String name() {
        return name;
    }

    public synchronized String listen() {
        return listen;
    }

    public synchronized String upstream() {
        return upstream;
    }

    synchronized boolean enabled() {
        return server != null;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /**
     * Binds {@code listen} and starts accepting; {@code listen} becomes the bound ip:port. A
     * port 0 that the kernel happened to make the upstream's own port is let go again.
     */
    synchronized void start() throws Malformed, CannotListen, InvalidSpec {
        if (server != null) {
            return;
        }
        HostPort hp = HostPort.parse(listen, "listen");
        ServerSocketChannel ss = null;
        InetSocketAddress bound;
        try {
            InetSocketAddress address = hp.resolve();
            ss = bind(address, listen.equals(lastBound));
            bound = (InetSocketAddress) ss.getLocalAddress();
        } catch (IOException e) {
            closeQuietly(ss);
            // The real server reports the raw Go error, e.g. "listen tcp ...: bind: address already in use".
            String detail = e instanceof java.net.BindException
                    ? "bind: " + String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT) : e.getMessage();
            throw new CannotListen("listen tcp " + listen + ": " + detail);
        }
        try {
            SelfUpstream.refuseBound(name, bound, upstream, "");
        } catch (InvalidSpec | Malformed e) {
            closeQuietly(ss);
            throw e;
        }
        listen = HostPort.format(bound);
        lastBound = listen;
        server = ss;
        ServerSocketChannel accepting = ss;
        Thread t = new Thread(() -> acceptLoop(accepting), "toxiproxy-" + name + "-accept");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Binds a listener. When re-binding our own previous address, a bind error is retried for
     * up to a second: a closed listener is only released once its accept thread has left the
     * kernel, which happens just after stop() returns.
     */
    private static ServerSocketChannel bind(InetSocketAddress address, boolean rebinding) throws IOException {
        long giveUp = System.nanoTime() + 1_000_000_000L;
        while (true) {
            ServerSocketChannel ss = ServerSocketChannel.open();
            try {
                ss.setOption(StandardSocketOptions.SO_REUSEADDR, true); // the same port back despite TIME_WAIT
                ss.bind(address, BACKLOG);
                return ss;
            } catch (java.net.BindException e) {
                ss.close();
                if (!rebinding || System.nanoTime() > giveUp) {
                    throw e;
                }
                pause(5);
            } catch (IOException | RuntimeException e) {
                ss.close();
                throw e;
            }
        }
    }

    /** Closes the listener and every open connection; data held inside toxics is lost. */
    synchronized void stop() {
        closeQuietly(server);
        server = null;
        for (ProxyConnection c : new ArrayList<>(connections)) {
            c.close();
        }
    }

    /**
     * Applies an update: omitted fields keep their values. A changed listen or upstream restarts
     * the proxy; if the new bind fails the proxy stays disabled and the call fails.
     */
    public synchronized void update(ProxyUpdate request) throws Malformed, CannotListen, InvalidSpec {
        String newListen = request.listen().orElse(listen);
        String newUpstream = request.upstream().orElse(upstream);
        boolean wantEnabled = request.enabled().orElse(enabled());
        if (newUpstream.isEmpty() || HostPort.parse(newUpstream, "upstream").port() == 0) {
            throw new Malformed("upstream must be host:port with a port, got \"" + newUpstream + "\"");
        }
        SelfUpstream.refuse(name, newListen, newUpstream, ""); // before anything is stopped
        if (differs(newListen, newUpstream)) {
            stop();
            listen = newListen;
            upstream = newUpstream;
        }
        if (wantEnabled) {
            start();
        } else {
            stop();
        }
    }

    /** Whether {@code otherListen}/{@code otherUpstream} name a different proxy (listen compared resolved). */
    synchronized boolean differs(String otherListen, String otherUpstream) throws Malformed, CannotListen {
        if (!otherUpstream.equals(upstream)) {
            return true;
        }
        HostPort a = HostPort.parse(otherListen, "listen");
        HostPort b = HostPort.parse(listen, "listen");
        try {
            return a.port() != b.port() || !a.resolve().getAddress().equals(b.resolve().getAddress());
        } catch (UnknownHostException e) {
            throw new CannotListen("listen tcp " + otherListen + ": lookup " + e.getMessage() + ": no such host");
        }
    }

    public synchronized List<ToxicSpec> toxics() {
        return toxics.all();
    }

    public synchronized ToxicSpec toxic(String toxicName) throws NotFound {
        return toxics.get(toxicName);
    }

    public synchronized ToxicSpec addToxic(NewToxic request) throws AlreadyExists, Malformed, InvalidSpec {
        ToxicSpec spec = toxics.add(request);
        push(spec.stream());
        return spec;
    }

    public synchronized ToxicSpec updateToxic(String toxicName, ToxicUpdate request) throws NotFound, Malformed {
        ToxicSpec spec = toxics.update(toxicName, request);
        push(spec.stream());
        return spec;
    }

    public synchronized void removeToxic(String toxicName) throws NotFound {
        ToxicSpec spec = toxics.remove(toxicName);
        push(spec.stream());
    }

    synchronized void clearToxics() {
        if (!toxics.isEmpty()) {
            toxics.clear();
            push(StreamDirection.UPSTREAM);
            push(StreamDirection.DOWNSTREAM);
        }
    }

    public synchronized ProxySnapshot snapshot() {
        return new ProxySnapshot(name, listen, upstream, server != null, toxics.all());
    }

    /** Called by a closing connection. */
    void forget(ProxyConnection c) {
        connections.remove(c);
    }

    private void push(StreamDirection d) {
        List<ToxicSpec> list = toxics.list(d);
        for (ProxyConnection c : connections) {
            c.update(d, list); // applies to open connections at once, as in the real server
        }
    }

    private void acceptLoop(ServerSocketChannel ss) {
        while (true) {
            SocketChannel s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!ss.isOpen()) {
                    return; // the listener was closed by stop()
                }
                pause(50); // e.g. out of file descriptors: keep the proxy alive and retry shortly
                continue;
            }
            InetSocketAddress target;
            try {
                target = HostPort.parse(upstream(), "upstream").resolve(); // outside the lock: a lookup may take a while
            } catch (IOException | Malformed | RuntimeException e) {
                closeQuietly(s); // like a failed dial: the client sees a successful connect followed by EOF
                continue;
            }
            admit(ss, s, target);
        }
    }

    private synchronized void admit(ServerSocketChannel from, SocketChannel s, InetSocketAddress target) {
        if (from != server) { // stopped while this connect was in flight
            closeQuietly(s);
            return;
        }
        ProxyConnection c;
        try {
            c = new ProxyConnection(this, loops.next(), s, metrics, toxics.list(StreamDirection.UPSTREAM),
                    toxics.list(StreamDirection.DOWNSTREAM));
        } catch (IOException | RuntimeException e) {
            closeQuietly(s); // no socket for the upstream side: the client sees EOF, as when the dial fails
            return;
        }
        connections.add(c);
        c.start(target);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
