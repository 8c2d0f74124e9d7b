package dev.chaoskv.client;

import dev.chaoskv.common.HostPort;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.Response;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A client for one kvnode cluster over one connection. The synchronous calls ({@link #put},
 * {@link #get}, {@link #call}, ...) send a request and read its answer on the calling thread; on
 * NOT_LEADER they follow the leader hint, which is safe because NOT_LEADER means the request was
 * not applied. Addresses of leaders are looked up in {@code directory} first (the caller may
 * reach nodes through proxies), then taken from the hint. {@link #submit} pipelines: up to
 * {@code window} requests in flight on the connection, answered in order, futures completed by
 * a reader thread; it follows no redirects.
 */
public final class KvClient implements AutoCloseable {
    /** Requests in flight per connection unless the constructor says otherwise. */
    public static final int DEFAULT_WINDOW = 256;

    private final Map<String, InetSocketAddress> directory;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final int maxRedirects;
    private final int window;
    private final SSLContext tls;
    private InetSocketAddress target;
    private PipelinedConnection connection;

    public KvClient(InetSocketAddress target) {
        this(target, Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(2), 3);
    }

    /**
     * @param timeout      how long to wait for a response (longer than the server's commit timeout,
     *                     so the server's own TIMEOUT answer normally arrives first)
     * @param maxRedirects NOT_LEADER hints to follow per request (0 = return NOT_LEADER as is)
     */
    public KvClient(InetSocketAddress target, Map<String, InetSocketAddress> directory, Duration timeout,
                    Duration connectTimeout, int maxRedirects) {
        this(target, directory, timeout, connectTimeout, maxRedirects, DEFAULT_WINDOW);
    }

    /** @param window requests {@link #submit} keeps in flight at most (it blocks while the window is full) */
    public KvClient(InetSocketAddress target, Map<String, InetSocketAddress> directory, Duration timeout,
                    Duration connectTimeout, int maxRedirects, int window) {
        this(target, directory, timeout, connectTimeout, maxRedirects, window, null);
    }

    /**
     * @param tls TLS for every connection (the node's certificate must chain to its trust store
     *            and name the address dialed; its key store, if any, is presented as this
     *            client's certificate); null: plaintext
     */
    public KvClient(InetSocketAddress target, Map<String, InetSocketAddress> directory, Duration timeout,
                    Duration connectTimeout, int maxRedirects, SSLContext tls) {
        this(target, directory, timeout, connectTimeout, maxRedirects, DEFAULT_WINDOW, tls);
    }

    public KvClient(InetSocketAddress target, Map<String, InetSocketAddress> directory, Duration timeout,
                    Duration connectTimeout, int maxRedirects, int window, SSLContext tls) {
        this.tls = tls;
        if (window < 1) throw new IllegalArgumentException("window must be at least 1, not " + window);
        this.target = target;
        this.directory = Map.copyOf(directory);
        this.timeout = timeout;
        this.connectTimeout = connectTimeout;
        this.maxRedirects = maxRedirects;
        this.window = window;
    }

    public synchronized InetSocketAddress target() {
        return target;
    }

    /**
     * Sends {@code req} without waiting for the answer (pipelined; answers arrive in request
     * order). The future fails with a {@link KvClientException} on a network failure, whose
     * {@link KvClientException#requestSent()} says whether the outcome is unknown. NOT_LEADER is
     * returned as is. Completion callbacks run on the connection's reader thread: they may
     * submit again (a closed loop), but must not block.
     */
    public CompletableFuture<Response> submit(Request req) {
        PipelinedConnection c;
        try {
            c = connection();
        } catch (KvClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        return c.submit(req);
    }

    public Response put(String key, String value) throws KvClientException {
        return call(new Request.Put(key, utf8(value)));
    }

    public Response get(String key) throws KvClientException {
        return call(new Request.Get(key));
    }

    public Response delete(String key) throws KvClientException {
        return call(new Request.Delete(key));
    }

    /** {@code expected == null} means "only if absent". */
    public Response cas(String key, String expected, String newValue) throws KvClientException {
        return call(new Request.Cas(key, expected == null ? null : utf8(expected), utf8(newValue)));
    }

    /** Status of the node this client is connected to (never redirected). */
    public String status() throws KvClientException {
        Response r = exchange(new Request.Status());
        if (r instanceof Response.Status s) return s.json();
        if (r instanceof Response.Error e) throw new KvClientException(target + " answered ERROR: " + e.message(), false, null);
        throw new KvClientException("unexpected response to STATUS: " + r, true, null);
    }

    /** Every key/value the connected node has applied (never redirected). */
    public Response.Dump dump() throws KvClientException {
        Response r = exchange(new Request.Dump());
        if (r instanceof Response.Dump d) return d;
        if (r instanceof Response.Error e) throw new KvClientException(target + " answered ERROR: " + e.message(), false, null);
        throw new KvClientException("unexpected response to DUMP: " + r, true, null);
    }

    public Response call(Request req) throws KvClientException {
        Response r = exchange(req);
        for (int i = 0; i < maxRedirects && r instanceof Response.NotLeader nl && !nl.leaderId().isEmpty(); i++) {
            InetSocketAddress next = directory.get(nl.leaderId());
            if (next == null) next = parse(nl.leaderAddress());
            if (next == null || next.equals(target)) break;
            retarget(next);
            r = exchange(req);
        }
        return r;
    }

    /** Points the client at another node (closing the current connection). */
    public synchronized void retarget(InetSocketAddress next) {
        close();
        target = next;
    }

    private Response exchange(Request req) throws KvClientException {
        PipelinedConnection c = connection();
        try {
            return c.call(req);
        } catch (KvClientException e) {
            synchronized (this) {
                if (connection == c) close();
            }
            throw e;
        }
    }

    /** The open connection, opened (again) if there is none or it broke. */
    private synchronized PipelinedConnection connection() throws KvClientException {
        if (connection != null && connection.broken()) close();
        if (connection == null) {
            try {
                connection = PipelinedConnection.open(target, connectTimeout, timeout, window, tls);
            } catch (SSLException e) {
                throw new KvClientException("TLS handshake with " + target + " failed: " + e.getMessage(), false, e);
            } catch (IOException e) {
                throw new KvClientException("cannot reach " + target + ": " + e.getMessage(), false, e);
            }
        }
        return connection;
    }

    static InetSocketAddress parse(String hostPort) {
        if (hostPort == null || hostPort.isEmpty()) return null;
        try {
            return HostPort.parse(hostPort).socket();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (connection != null) connection.close();
        connection = null;
    }
}
