package dev.chaoskv.kvnode.server;

import static dev.chaoskv.common.Closeables.closeQuietly;

import dev.chaoskv.raft.log.CasPayload;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.kvnode.metrics.RequestMetrics;
import dev.chaoskv.kvnode.transport.PeerCodec;
import dev.chaoskv.kvnode.transport.PeerCredentials;
import dev.chaoskv.kvnode.transport.PeerHandshake;
import dev.chaoskv.kvnode.transport.RefusalLog;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.RequestCodec;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.kvnode.transport.SocketOptions;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's one TCP port: clients and peers both connect here. Client connections are served by
 * {@link IoLoop}s (non-blocking, no thread per connection; a client may pipeline requests and gets
 * the answers in order). A connection whose first frame is a peer handshake leaves the loop for a
 * thread of its own and becomes an inbound replication stream once the {@link PeerHandshake}
 * accepted it (a refused one is closed before any Raft message is read); there are only as many
 * of those as peers.
 */
public final class KvServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 10_000;
    /** A dialer that stalls in the handshake holds a thread; it gets this long. */
    static final int HANDSHAKE_TIMEOUT_MS = 5000;
    /** Client I/O loops: one per four processors, at least one (the raft loop and peer links need the rest). */
    static final int IO_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors() / 4);

    private final KvNode node;
    private final NodeConfig cfg;
    private final NodeLog log;
    private final RequestCodec requests;
    private final RequestMetrics requestMetrics;
    private final ServerSocketChannel server;
    private final IoLoop[] loops;
    /** Each loop's request handler, at the loop's index: it holds that loop's batch of requests for the raft loop. */
    private final ClientSession.RequestHandler[] handlers;
    private final Set<Socket> peerSockets = ConcurrentHashMap.newKeySet();
    private final Map<String, Socket> inboundPeers = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final RefusalLog refusals;
    private final PortTls portTls;

    public KvServer(KvNode node, NodeLog log) throws IOException {
        this.node = node;
        this.cfg = node.config();
        this.log = log;
        this.requestMetrics = node.metrics().requests();
        this.refusals = new RefusalLog(log::info);
        this.portTls = node.portTls();
        this.requests = new RequestCodec(cfg.clients().maxKeyBytes(), cfg.clients().maxValueBytes());
        this.server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(cfg.identity().host(), cfg.identity().port()), 512);
        server.configureBlocking(false);
        this.loops = new IoLoop[IO_LOOPS];
        IoLoop.Sessions sessions = new IoLoop.Sessions() {
            @Override
            public ClientSession open(IoLoop loop, SocketChannel channel, SelectionKey key) throws IOException {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                String address = hostAddress(channel);
                ConnectionIo io = new ConnectionIo(channel, portTls, () -> key.interestOps(key.interestOps() | SelectionKey.OP_WRITE),
                        reason -> refusals.refused(address, "[node] refusing TLS connection from " + address + ": " + reason));
                return new ClientSession(loop, io, key, String.valueOf(channel.getRemoteAddress()), requests.maxFrameLength(), handlerFor(loop));
            }

            @Override
            public void closed() {
                open.decrementAndGet();
            }
        };
        this.handlers = new ClientSession.RequestHandler[IO_LOOPS];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop("client-io-" + i, sessions, log, cfg.clients().commitTimeoutMs());
            KvNode.RequestBatch batch = node.newRequestBatch();
            handlers[i] = new Handler(batch);
            loops[i].afterReading(batch::post);
        }
        loops[0].accept(server, this::accepted);
        Thread eventLoop = node.writeAnswersWith(() -> {
            for (IoLoop l : loops) l.writeAnswersIfIdle();
        });
        for (IoLoop l : loops) l.answersWrittenBy(eventLoop);
    }

    public void start() throws IOException {
        for (IoLoop l : loops) l.start();
        log.info("[node] listening on " + cfg.identity().host() + ":" + port());
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    private void accepted(SocketChannel c) {
        if (open.get() >= MAX_CONNECTIONS) {
            String who;
            try {
                who = String.valueOf(c.getRemoteAddress());
            } catch (IOException e) {
                who = "?";
            }
            log.info("[node] refusing connection from " + who + ": " + MAX_CONNECTIONS + " connections open");
            closeQuietly(c);
            return;
        }
        open.incrementAndGet();
        loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)].adopt(c);
    }

    private ClientSession.RequestHandler handlerFor(IoLoop loop) {
        for (int i = 0; i < loops.length; i++) if (loops[i] == loop) return handlers[i];
        throw new IllegalArgumentException("not one of this server's loops: " + loop);
    }

    /** What a client session of one I/O loop does with its requests; writes and reads go out in the loop's batch. */
    private final class Handler implements ClientSession.RequestHandler {
        private final KvNode.RequestBatch batch;

        Handler(KvNode.RequestBatch batch) {
            this.batch = batch;
        }

        @Override
        public Request decode(Frame f) throws ProtocolException {
            return requests.decode(f);
        }

        @Override
        public void start(Request request, ClientSession.Reply reply) {
            KvServer.this.start(request, reply, batch);
        }

        @Override
        public void becomePeer(ConnectionIo io, Frame handshake, byte[] rest) {
            Thread t = new Thread(() -> servePeerConnection(io, handshake, rest), "peer-in-" + connectionIds.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }

        @Override
        public String refuseClient(ConnectionIo io) {
            String refusal = io.tls() == null ? portTls.refusePlaintextClient() : null;
            if (refusal != null) {
                String address = hostAddress(io.channel());
                refusals.refused(address, "[node] refusing plaintext client connection from " + address + ": " + refusal);
            }
            return refusal;
        }

        @Override
        public void answered(Request request, Response response, long nanos) {
            requestMetrics.record(request, response, nanos);
        }

        @Override
        public void log(String line) {
            log.info(line);
        }
    }

    /** Hands {@code request} to the node; {@code reply} is completed with its answer. */
    private void start(Request r, CompletableFuture<Response> reply, KvNode.RequestBatch batch) {
        if (r instanceof Request.Put p) {
            batch.write(new Entry(0, 0, EntryType.PUT, key(p.key()), p.value()), reply);
        } else if (r instanceof Request.Delete d) {
            batch.write(new Entry(0, 0, EntryType.DELETE, key(d.key()), null), reply);
        } else if (r instanceof Request.Cas c) {
            byte[] payload = new CasPayload(c.expected(), c.newValue()).encode();
            batch.write(new Entry(0, 0, EntryType.CAS, key(c.key()), payload), reply);
        } else if (r instanceof Request.Get g) {
            batch.read(g.key(), reply);
        } else if (r instanceof Request.Status) {
            batch.post(); // after the requests read before it, as it was read
            node.status().whenComplete((json, e) -> reply.complete(e == null ? new Response.Status(json) : new Response.Error("status unavailable: " + e)));
        } else if (r instanceof Request.Dump) {
            batch.post();
            node.dump(reply);
        } else {
            reply.complete(new Response.Error("unsupported request " + r));
        }
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A connection that opened with a peer HANDSHAKE, on its own (blocking) thread for the
     * handshake; then a plaintext stream goes to the event loop, a TLS one stays on this thread.
     */
    private void servePeerConnection(ConnectionIo io, Frame hello, byte[] rest) {
        SocketChannel channel = io.channel();
        Socket s = channel.socket();
        peerSockets.add(s);
        String who = String.valueOf(s.getRemoteSocketAddress());
        boolean handedOff = false;
        try {
            channel.configureBlocking(true);
            String refusal = io.tls() == null ? portTls.refusePlaintextPeer() : portTls.refuseTlsPeer(io.tlsSession());
            if (refusal != null) {
                refusePeer(s, refusal);
                return;
            }
            InputStream net = s.getInputStream();
            OutputStream netOut = s.getOutputStream();
            if (io.tls() != null) {
                // The TLS session goes on over the now blocking socket, whose streams honour the handshake timeout.
                io.tls().rebind(Channels.newChannel(net), Channels.newChannel(netOut));
                net = io.tls().asInputStream();
                netOut = io.tls().asOutputStream();
            }
            InputStream in = new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(rest), net), 64 * 1024);
            OutputStream out = new BufferedOutputStream(netOut, 64 * 1024);
            String peer = acceptPeer(s, in, out, hello);
            if (peer == null) return;
            if (io.tls() == null) {
                handOff(s, in, peer);
                handedOff = true;
            } else {
                servePeer(s, in, peer);
            }
        } catch (ProtocolException | EOFException e) {
            log.info("[client " + who + "] " + e.getMessage() + "; closing connection");
        } catch (SocketException e) {
            // peer closed or reset: nothing to report
        } catch (IOException e) {
            log.info("[node] connection " + who + " failed: " + e.getMessage());
        } finally {
            if (!handedOff) release(s);
        }
    }

    /**
     * A plaintext stream goes to the node's event loop, which reads it without a thread of its
     * own; this thread ends. The bytes the handshake read past its end go along.
     */
    private void handOff(Socket s, InputStream in, String peer) throws IOException {
        byte[] ahead = in.readNBytes(in.available());
        becomeCurrent(s, peer);
        s.getChannel().configureBlocking(false);
        node.readInbound(peer, s.getChannel(), ahead, () -> {
            release(s);
            return inboundPeers.remove(peer, s);
        });
    }

    /** Closes a peer connection and stops counting it: once, whoever comes first (its reader, or a newer stream of the peer). */
    private void release(Socket s) {
        closeQuietly(s);
        if (peerSockets.remove(s)) open.decrementAndGet();
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

    private static String hostAddress(SocketChannel c) {
        return c.socket().getInetAddress() == null ? "?" : c.socket().getInetAddress().getHostAddress();
    }

    /** The peer's stream from now on: a newer stream replaces an older one, which is released. */
    private void becomeCurrent(Socket s, String peer) throws IOException {
        SocketOptions.forPeerLink(s);
        Socket previous = inboundPeers.put(peer, s);
        if (previous != null) release(previous);
        node.peerConnectedInbound(peer);
    }

    /** A TLS stream, read on this thread; every message goes to the event loop. */
    private void servePeer(Socket s, InputStream in, String peer) throws IOException {
        becomeCurrent(s, peer);
        try {
            Frame f;
            while ((f = Frame.read(in, PeerCodec.MAX_FRAME)) != null) node.deliver(PeerCodec.decode(peer, f));
        } catch (ProtocolException e) {
            log.info("[node] peer " + peer + " sent a bad frame (" + e.getMessage() + "); dropping its link");
        } finally {
            // Only the current connection's end means the peer went away (a replaced one does not).
            if (inboundPeers.remove(peer, s)) node.peerDisconnectedInbound(peer);
        }
    }

    @Override
    public void close() {
        for (IoLoop l : loops) l.close();
        try {
            server.close();
        } catch (IOException ignored) {
            // best effort
        }
        for (Socket s : peerSockets) closeQuietly(s);
    }
}
