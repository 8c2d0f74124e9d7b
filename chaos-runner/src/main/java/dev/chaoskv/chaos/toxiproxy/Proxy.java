package dev.chaoskv.chaos.toxiproxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One proxy: its listener, its open connections and its toxics. Stopping it (disable, delete,
 * listen/upstream change) closes the listener and every open connection, so new connects are
 * refused and open sockets see EOF; toxics stay unless the proxy is deleted.
 */
final class Proxy {
    private static final int BACKLOG = 1024; // hundreds of connections may arrive at once

    private final String name;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final ToxicCollection toxics = new ToxicCollection();
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private String listen;
    private String upstream;
    private ServerSocket server; // non-null exactly while enabled

    Proxy(String name, String listen, String upstream) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
    }

    String name() {
        return name;
    }

    synchronized String listen() {
        return listen;
    }

    synchronized String upstream() {
        return upstream;
    }

    synchronized boolean enabled() {
        return server != null;
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    int openConnections() {
        return connections.size();
    }

    /** Binds {@code listen} and starts accepting; {@code listen} becomes the bound ip:port. */
    synchronized void start() throws ApiException {
        if (server != null) {
            return;
        }
        HostPort hp = HostPort.parse(listen, "listen");
        ServerSocket ss = null;
        try {
            InetSocketAddress address = hp.resolve();
            ss = new ServerSocket();
            ss.setReuseAddress(true); // re-enabling must get the same port back despite TIME_WAIT
            ss.bind(address, BACKLOG);
        } catch (IOException e) {
            closeQuietly(ss);
            // The real server reports the raw Go error with status 500, e.g. "listen tcp ...: bind: address already in use".
            throw new ApiException(500, "listen tcp " + listen + ": " + e.getMessage());
        }
        listen = HostPort.format((InetSocketAddress) ss.getLocalSocketAddress());
        server = ss;
        ServerSocket accepting = ss;
        Thread t = new Thread(() -> acceptLoop(accepting), "toxiproxy-" + name + "-accept");
        t.setDaemon(true);
        t.start();
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
     * Applies a POST/PATCH body: omitted fields keep their values. A changed listen or upstream
     * restarts the proxy; if the new bind fails the proxy stays disabled and the call fails (500).
     */
    synchronized void update(JsonNode body) throws ApiException {
        String newListen = JsonFields.string(body, "listen").orElse(listen);
        String newUpstream = JsonFields.string(body, "upstream").orElse(upstream);
        boolean wantEnabled = JsonFields.bool(body, "enabled").orElse(enabled());
        HostPort.parse(newUpstream, "upstream");
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
    synchronized boolean differs(String otherListen, String otherUpstream) throws ApiException {
        if (!otherUpstream.equals(upstream)) {
            return true;
        }
        HostPort a = HostPort.parse(otherListen, "listen");
        HostPort b = HostPort.parse(listen, "listen");
        try {
            return a.port() != b.port() || !a.resolve().getAddress().equals(b.resolve().getAddress());
        } catch (UnknownHostException e) {
            throw new ApiException(500, "listen tcp " + otherListen + ": lookup " + e.getMessage() + ": no such host");
        }
    }

    synchronized List<ToxicSpec> toxics() {
        return toxics.all();
    }

    synchronized ToxicSpec toxic(String toxicName) throws ApiException {
        return toxics.get(toxicName);
    }

    synchronized ToxicSpec addToxic(JsonNode body) throws ApiException {
        ToxicSpec spec = toxics.add(body);
        push(spec.stream());
        return spec;
    }

    synchronized ToxicSpec updateToxic(String toxicName, JsonNode body) throws ApiException {
        ToxicSpec spec = toxics.update(toxicName, body);
        push(spec.stream());
        return spec;
    }

    synchronized void removeToxic(String toxicName) throws ApiException {
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

    /** The real server's proxy JSON: name, listen, upstream, enabled, toxics. */
    synchronized Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("listen", listen);
        m.put("upstream", upstream);
        m.put("enabled", server != null);
        m.put("toxics", toxics.all().stream().map(ToxicSpec::toJson).toList());
        return m;
    }

    /** Called by a closing connection. */
    void forget(ProxyConnection c) {
        connections.remove(c);
    }

    private void push(StreamDirection d) {
        List<ToxicSpec> list = toxics.list(d);
        for (ProxyConnection c : connections) {
            c.link(d).update(list); // applies to open connections at once, as in the real server
        }
    }

    private void acceptLoop(ServerSocket ss) {
        while (true) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                return; // the listener was closed by stop()
            }
            admit(ss, s);
        }
    }

    private synchronized void admit(ServerSocket from, Socket s) {
        if (from != server) { // stopped while this connect was in flight
            closeQuietly(s);
            return;
        }
        ProxyConnection c = new ProxyConnection(this, s, metrics, toxics.list(StreamDirection.UPSTREAM),
                toxics.list(StreamDirection.DOWNSTREAM), connectionIds.incrementAndGet());
        connections.add(c);
        c.start(upstream);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort; the OS reclaims the port either way
        }
    }
}
