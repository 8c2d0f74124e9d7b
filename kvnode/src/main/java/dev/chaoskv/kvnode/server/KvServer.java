package dev.chaoskv.kvnode.server;

import static dev.chaoskv.common.Closeables.closeQuietly;

import dev.chaoskv.raft.log.CasPayload;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.kvnode.metrics.RequestMetrics;
import dev.chaoskv.client.protocol.FrameTooLargeException;
import dev.chaoskv.kvnode.transport.PeerCodec;
import dev.chaoskv.kvnode.transport.PeerCredentials;
import dev.chaoskv.kvnode.transport.PeerHandshake;
import dev.chaoskv.kvnode.transport.RefusalLog;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.RequestCodec;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.client.protocol.ResponseCodec;
import dev.chaoskv.raft.Message;
import dev.chaoskv.kvnode.transport.SocketOptions;

import dev.chaoskv.common.tls.TlsSockets;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's one TCP port: clients and peers both connect here. A connection whose first frame
 * is a peer handshake becomes an inbound replication stream once the {@link PeerHandshake}
 * accepted it (a refused one is closed before any Raft message is read); any other becomes a
 * client session (one request at a time, answered in order). One thread per connection.
 */
public final class KvServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 2048;
    /** A dialer that stalls in the handshake holds a thread; it gets this long. */
    static final int HANDSHAKE_TIMEOUT_MS = 5000;

    private final KvNode node;
    private final NodeConfig cfg;
    private final NodeLog log;
    private final RequestCodec requests;
    private final RequestMetrics requestMetrics;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Socket> inboundPeers = new ConcurrentHashMap<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final RefusalLog refusals;
    private final PortTls portTls;
    private volatile boolean running = true;

    public KvServer(KvNode node, NodeLog log) throws IOException {
        this.node = node;
        this.cfg = node.config();
        this.log = log;
        this.requestMetrics = node.metrics().requests();
        this.refusals = new RefusalLog(log::info);
        this.portTls = node.portTls();
        this.requests = new RequestCodec(cfg.clients().maxKeyBytes(), cfg.clients().maxValueBytes());
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(cfg.identity().host(), cfg.identity().port()), 512);
        this.acceptor = new Thread(this::acceptLoop, "accept");
    }

    public void start() {
        acceptor.start();
        log.info("[node] listening on " + cfg.identity().host() + ":" + server.getLocalPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (running) log.info("[node] accept failed: " + e.getMessage());
                continue;
            }
            if (open.size() >= MAX_CONNECTIONS) {
                log.info("[node] refusing connection from " + s.getRemoteSocketAddress() + ": " + MAX_CONNECTIONS + " connections open");
                closeQuietly(s);
                continue;
            }
            open.add(s);
            Thread t = new Thread(() -> serve(s), "conn-" + connectionIds.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        String who = String.valueOf(s.getRemoteSocketAddress());
        try (s) {
            s.setTcpNoDelay(true);
            // The first byte tells TLS from plaintext; it is read once per connection, never per frame.
            InputStream raw = s.getInputStream();
            int first = raw.read();
            if (first < 0) return;
            SSLSession tls = null;
            InputStream in;
            OutputStream out;
            if (first == TlsSockets.HANDSHAKE_RECORD) {
                SSLSocket secured = acceptTls(s, first);
                if (secured == null) return;
                tls = secured.getSession();
                in = new BufferedInputStream(secured.getInputStream(), 64 * 1024);
                out = new BufferedOutputStream(secured.getOutputStream(), 64 * 1024);
            } else {
                in = new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(new byte[]{(byte) first}), raw), 64 * 1024);
                out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            }
            Frame frame = readClientFrame(in, out, who);
            if (frame == null) return;
            if (frame.type() == PeerCodec.HANDSHAKE) {
                String refusal = tls == null ? portTls.refusePlaintextPeer() : portTls.refuseTlsPeer(tls);
                if (refusal != null) {
                    refusePeer(s, refusal);
                    return;
                }
                String peer = acceptPeer(s, in, out, frame);
                if (peer != null) servePeer(s, in, peer);
            } else {
                String refusal = tls == null ? portTls.refusePlaintextClient() : null;
                if (refusal != null) {
                    String address = s.getInetAddress().getHostAddress();
                    refusals.refused(address, "[node] refusing plaintext client connection from " + address + ": " + refusal);
                    reply(out, new Response.Error(refusal));
                    return;
                }
                serveClient(frame, in, out, who);
            }
        } catch (ProtocolException | EOFException e) {
            log.info("[client " + who + "] " + e.getMessage() + "; closing connection");
        } catch (SocketException e) {
            // peer closed or reset: nothing to report
        } catch (IOException e) {
            log.info("[node] connection " + who + " failed: " + e.getMessage());
        } finally {
            open.remove(s);
        }
    }

    /** The TLS handshake of a connection that opened with one; null (logged) if it is refused or fails. */
    private SSLSocket acceptTls(Socket s, int first) throws IOException {
        String address = s.getInetAddress().getHostAddress();
        String refusal = portTls.refuseTls();
        if (refusal != null) {
            refusals.refused(address, "[node] refusing TLS connection from " + address + ": " + refusal);
            return null;
        }
        try {
            s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            SSLSocket secured = portTls.accept(s, first);
            s.setSoTimeout(0);
            return secured;
        } catch (SSLException | SocketTimeoutException e) {
            refusals.refused(address, "[node] refusing TLS connection from " + address + ": " + e.getMessage());
            return null;
        }
    }

    /** Reads a client frame; an oversized one is answered with ERROR and ends the session (the stream cannot resync). */
    private Frame readClientFrame(InputStream in, OutputStream out, String who) throws IOException {
        try {
            return Frame.read(in, requests.maxFrameLength());
        } catch (FrameTooLargeException e) {
            log.info("[client " + who + "] " + e.getMessage() + "; replying ERROR and closing the connection");
            reply(out, new Response.Error(e.getMessage()));
            throw new EOFException("closed after an oversized frame");
        } catch (ProtocolException e) {
            reply(out, new Response.Error(e.getMessage()));
            throw e;
        }
    }

    private void serveClient(Frame frame, InputStream in, OutputStream out, String who) throws IOException {
        while (frame != null) {
            Response resp;
            Request request = null;
            long start = System.nanoTime();
            try {
                request = requests.decode(frame);
                resp = handle(request);
            } catch (ProtocolException e) {
                log.info("[client " + who + "] bad request: " + e.getMessage());
                resp = new Response.Error(e.getMessage());
            }
            requestMetrics.record(request, resp, System.nanoTime() - start);
            reply(out, resp);
            frame = readClientFrame(in, out, who);
        }
    }

    private Response handle(Request r) {
        if (r instanceof Request.Put p) {
            return await(node.write(new Entry(0, 0, EntryType.PUT, key(p.key()), p.value())), "write");
        } else if (r instanceof Request.Delete d) {
            return await(node.write(new Entry(0, 0, EntryType.DELETE, key(d.key()), null)), "write");
        } else if (r instanceof Request.Cas c) {
            byte[] payload = new CasPayload(c.expected(), c.newValue()).encode();
            return await(node.write(new Entry(0, 0, EntryType.CAS, key(c.key()), payload)), "write");
        } else if (r instanceof Request.Get g) {
            return await(node.read(g.key()), "read");
        } else if (r instanceof Request.Status) {
            try {
                return new Response.Status(node.status().get(cfg.clients().commitTimeoutMs(), TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                return new Response.Error("status unavailable: " + e);
            }
        } else if (r instanceof Request.Dump) {
            return await(node.dump(), "dump");
        }
        return new Response.Error("unsupported request " + r);
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private Response await(CompletableFuture<Response> f, String what) {
        try {
            return f.get(cfg.clients().commitTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return what.equals("write")
                    ? new Response.Timeout("not committed within " + cfg.clients().commitTimeoutMs() + " ms; the write may or may not take effect")
                    : new Response.Timeout(what + " not answered within " + cfg.clients().commitTimeoutMs() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response.Timeout("server shutting down; outcome unknown");
        } catch (ExecutionException e) {
            return new Response.Error("internal error: " + e.getCause());
        }
    }

    private static void reply(OutputStream out, Response r) throws IOException {
        ResponseCodec.encode(r).write(out);
        out.flush();
    }

    /** Runs the accepting side of the handshake; returns the authenticated peer, or null if it was refused. */
    private String acceptPeer(Socket s, InputStream in, OutputStream out, Frame hello) throws IOException {
        PeerHandshake.Acceptor hs = new PeerHandshake.Acceptor(node.peerCredentials(), PeerCredentials.newNonce());
        try {
            s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            hs.onHello(hello).write(out);
            out.flush();
            Frame proof = Frame.read(in, PeerCodec.MAX_HANDSHAKE_FRAME);
            if (proof == null) throw new PeerHandshake.Refused("'" + hs.claimedPeer() + "' closed the connection during the handshake (it refused this node: see its log)");
            String peer = hs.onProof(proof);
            s.setSoTimeout(0);
            return peer;
        } catch (PeerHandshake.Refused e) {
            refusePeer(s, e.getMessage());
            return null;
        }
    }

    private void refusePeer(Socket s, String reason) {
        // The address without the (ephemeral) port, so that repeated refusals are recognised as such.
        String address = s.getInetAddress().getHostAddress();
        refusals.refused(address, "[node] refusing peer connection from " + address + ": " + reason);
    }

    private void servePeer(Socket s, InputStream in, String peer) throws IOException {
        SocketOptions.forPeerLink(s);
        Socket previous = inboundPeers.put(peer, s);
        if (previous != null) closeQuietly(previous);
        node.peerConnectedInbound(peer);
        try {
            Frame f;
            while ((f = Frame.read(in, PeerCodec.MAX_FRAME)) != null) {
                Message m = PeerCodec.decode(peer, f);
                if (m instanceof Message.SnapshotChunk c) node.onSnapshotChunk(c);
                else if (m instanceof Message.SnapshotAck a) node.onSnapshotAck(a);
                else node.deliver(m);
            }
        } catch (ProtocolException e) {
            log.info("[node] peer " + peer + " sent a bad frame (" + e.getMessage() + "); dropping its link");
        } finally {
            // Only the current connection's end means the peer went away (a replaced one does not).
            if (inboundPeers.remove(peer, s)) node.peerDisconnectedInbound(peer);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // best effort
        }
        for (Socket s : open) closeQuietly(s);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
