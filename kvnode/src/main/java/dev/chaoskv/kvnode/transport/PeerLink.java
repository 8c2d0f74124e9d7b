package dev.chaoskv.kvnode.transport;

import static dev.chaoskv.common.Closeables.closeQuietly;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.common.tls.TlsSockets;
import dev.chaoskv.raft.Message;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This node's outbound connection to one peer: it only ever writes, so a one-way cut stops
 * exactly this direction. Reconnects with exponential backoff (100 ms doubling, capped at 5 s);
 * {@link #kick()} skips the wait when the peer is known to be back. Messages offered while the
 * link is down are dropped: the consensus core retransmits what matters. The link is up only
 * after the {@link PeerHandshake} on it succeeded, the one time this side reads from it.
 */
public final class PeerLink implements AutoCloseable {
    static final long MIN_BACKOFF_MS = 100, MAX_BACKOFF_MS = 5000;
    private static final int QUEUE_LIMIT = 20_000;
    private static final int CONNECT_TIMEOUT_MS = 1000;
    static final int HANDSHAKE_TIMEOUT_MS = 5000;

    private final PeerCredentials self;
    private final SSLContext tls;
    private final String peerId;
    private final InetSocketAddress address;
    private final Consumer<LinkEvent> events;
    private final Consumer<String> log;
    private final Supplier<String> rolePrefix;
    private final RefusalLog refusals;
    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile boolean kicked;
    private volatile Socket socket;

    public PeerLink(PeerCredentials self, String peerId, InetSocketAddress address, Consumer<LinkEvent> events,
                    Consumer<String> log, Supplier<String> rolePrefix) {
        this(self, null, peerId, address, events, log, rolePrefix);
    }

    /** @param tls mutual TLS on the link (this node's certificate, the cluster's trust store); null: plaintext */
    public PeerLink(PeerCredentials self, SSLContext tls, String peerId, InetSocketAddress address, Consumer<LinkEvent> events,
                    Consumer<String> log, Supplier<String> rolePrefix) {
        this.self = self;
        this.tls = tls;
        this.peerId = peerId;
        this.address = address;
        this.events = events;
        this.log = log;
        this.rolePrefix = rolePrefix;
        this.refusals = new RefusalLog(log);
        this.thread = new Thread(this::run, "link-" + peerId);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public String peerId() {
        return peerId;
    }

    public InetSocketAddress address() {
        return address;
    }

    public boolean connected() {
        return connected;
    }

    /** Queues a message; returns false if it was dropped (link down or hopelessly backed up). */
    public boolean send(Message m) {
        if (!connected) return false;
        if (queue.offer(m)) return true;
        reset("send queue full (" + QUEUE_LIMIT + " messages): peer is not reading");
        return false;
    }

    /** Drops the connection (it is reconnected after the backoff). */
    public void reset(String reason) {
        Socket s = socket;
        if (s != null) {
            log.accept(rolePrefix.get() + " closing link to " + peerId + ": " + reason);
            closeQuietly(s);
        }
    }

    /** Reconnect now instead of waiting out the backoff: the peer just showed it is alive. */
    public void kick() {
        if (connected) return;
        kicked = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        long backoff = 0;
        while (running) {
            if (backoff > 0 && !kicked) {
                log.accept(rolePrefix.get() + " reconnecting to " + peerId + " in " + backoff + " ms...");
                synchronized (wake) {
                    try {
                        if (!kicked) wake.wait(backoff);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) return;
            }
            kicked = false;
            boolean wasConnected = false;
            Socket s = new Socket();
            try {
                socket = s;
                SocketOptions.forPeerLink(s);
                // Resolve on every attempt: a peer may come back at a new address behind the same name.
                s.connect(new InetSocketAddress(address.getHostString(), address.getPort()), CONNECT_TIMEOUT_MS);
                Socket io = s;
                if (tls != null) {
                    s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
                    io = TlsSockets.client(tls, s, address.getHostString(), address.getPort());
                }
                OutputStream out = new BufferedOutputStream(io.getOutputStream(), 64 * 1024);
                handshake(io, out);
                queue.clear();
                connected = true;
                wasConnected = true;
                backoff = 0;
                events.accept(new LinkEvent.Up(peerId));
                pump(out);
            } catch (PeerHandshake.Refused e) {
                refusals.refused(peerId, rolePrefix.get() + " handshake with " + peerId + " at " + address.getHostString() + ":"
                        + address.getPort() + " failed: " + e.getMessage());
            } catch (IOException e) {
                if (e instanceof SSLException && !wasConnected) {
                    // An end of stream mid-handshake is a peer that is down (behind a proxy) or refused this node's certificate.
                    String why = e.getCause() instanceof EOFException
                            ? "closed during the TLS handshake (down, or it refused this node's certificate: see its log)" : e.getMessage();
                    refusals.refused(peerId, rolePrefix.get() + " TLS handshake with " + peerId + " at " + address.getHostString() + ":"
                            + address.getPort() + " failed: " + why);
                } else if (wasConnected) {
                    String prefix = rolePrefix.get();
                    log.accept(prefix + (prefix.equals("[leader]") ? " follower " : " peer ") + peerId
                            + " disconnected (" + e.getMessage() + ")");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                connected = false;
                socket = null;
                closeQuietly(s);
                if (wasConnected) events.accept(new LinkEvent.Down(peerId, "connection closed"));
            }
            backoff = backoff == 0 ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private void handshake(Socket s, OutputStream out) throws IOException, PeerHandshake.Refused {
        s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
        PeerHandshake.Dialer hs = new PeerHandshake.Dialer(self, peerId, PeerCredentials.newNonce());
        hs.hello().write(out);
        out.flush();
        InputStream in = s.getInputStream();
        Frame ack = Frame.read(in, PeerCodec.MAX_HANDSHAKE_FRAME);
        if (ack == null) throw new PeerHandshake.Refused("closed before answering the handshake (down, or it refused this node: see its log)");
        hs.onAck(ack).write(out);
        out.flush();
        s.setSoTimeout(0);
    }

    private void pump(OutputStream out) throws IOException, InterruptedException {
        while (running) {
            Message m = queue.poll(200, TimeUnit.MILLISECONDS);
            if (m == null) {
                if (socket == null || socket.isClosed()) throw new IOException("link reset");
                continue;
            }
            do {
                PeerCodec.encode(m).write(out);
            } while ((m = queue.poll()) != null);
            out.flush();
        }
    }

    @Override
    public void close() {
        running = false;
        Socket s = socket;
        if (s != null) closeQuietly(s);
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
