package dev.chaoskv.client;

import dev.chaoskv.common.HostPort;
import dev.chaoskv.common.tls.TlsSockets;
import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.RequestCodec;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.client.protocol.ResponseCodec;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A blocking client for one kvnode cluster, one request at a time over one connection (use one
 * client per thread). On NOT_LEADER it follows the leader hint, which is safe because NOT_LEADER
 * means the request was not applied. Addresses of leaders are looked up in {@code directory}
 * first (the caller may reach nodes through proxies), then taken from the hint.
 */
public final class KvClient implements AutoCloseable {
    /** Response frames can carry a whole-state dump, so they get a generous bound. */
    private static final int MAX_RESPONSE_FRAME = 512 << 20;

    private final Map<String, InetSocketAddress> directory;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final int maxRedirects;
    private final SSLContext tls;
    private InetSocketAddress target;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

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
        this(target, directory, timeout, connectTimeout, maxRedirects, null);
    }

    /**
     * @param tls TLS for every connection (the node's certificate must chain to its trust store
     *            and name the address dialed; its key store, if any, is presented as this
     *            client's certificate); null: plaintext
     */
    public KvClient(InetSocketAddress target, Map<String, InetSocketAddress> directory, Duration timeout,
                    Duration connectTimeout, int maxRedirects, SSLContext tls) {
        this.tls = tls;
        this.target = target;
        this.directory = Map.copyOf(directory);
        this.timeout = timeout;
        this.connectTimeout = connectTimeout;
        this.maxRedirects = maxRedirects;
    }

    public InetSocketAddress target() {
        return target;
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
    public void retarget(InetSocketAddress next) {
        close();
        target = next;
    }

    private Response exchange(Request req) throws KvClientException {
        boolean sent = false;
        boolean fresh = socket == null;
        try {
            if (fresh) connect();
            RequestCodec.encode(req).write(out);
            out.flush();
            sent = true;
            Frame f = Frame.read(in, MAX_RESPONSE_FRAME);
            if (f == null) throw new IOException("server closed the connection");
            return ResponseCodec.decode(f);
        } catch (SocketTimeoutException e) {
            close();
            throw new KvClientException("no response from " + target + " within " + timeout.toMillis() + " ms", true, e);
        } catch (SSLHandshakeException e) {
            // The node refused the connection before reading any request (in TLS 1.3 a refused
            // client certificate shows only at the first read).
            close();
            throw new KvClientException("TLS handshake with " + target + " failed: " + e.getMessage(), false, e);
        } catch (ProtocolException e) {
            close();
            throw new KvClientException("bad response from " + target + ": " + e.getMessage(), true, e);
        } catch (IOException e) {
            close();
            String hint = tls != null && fresh ? " (the node ended the TLS connection before its first answer; its log says why,"
                    + " e.g. a client certificate it requires or does not accept)" : "";
            throw new KvClientException((sent ? "connection to " : "cannot reach ") + target + ": " + e.getMessage() + hint, sent, e);
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(target, (int) connectTimeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            Socket io = tls == null ? s : TlsSockets.client(tls, s, target.getHostString(), target.getPort());
            in = new BufferedInputStream(io.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(io.getOutputStream(), 16 * 1024);
            socket = io;
        } catch (IOException e) {
            s.close();
            throw e;
        }
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
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
