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
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This node's outbound connection to one peer: it only ever writes, so a one-way cut stops
 * exactly this direction. Reconnects with exponential backoff (100 ms doubling, capped at 5 s);
 * {@link #kick()} skips the wait when the peer is known to be back. Messages offered while the
 * link is down are dropped: the consensus core retransmits what matters. The link is up only
 * after the {@link PeerHandshake} on it succeeded, the one time this side reads from it.
 * On a plaintext link the sending thread writes the bytes itself ({@link ChannelOutput}); the
 * link's own thread connects, and finishes writes the socket did not take at once. A TLS link
 * hands messages to its thread ({@link StreamOutput}).
 */
public final class PeerLink implements AutoCloseable {
    static final long MIN_BACKOFF_MS = 100, MAX_BACKOFF_MS = 5000;
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
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile boolean kicked;
    private volatile Socket socket;
    /** The connected connection's sending half; null while the link is down. */
    private volatile LinkOutput output;

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

    /**
     * Sends a message now, from any thread: on a plaintext link the bytes are written before this
     * returns, as far as the socket takes them without waiting. Returns false if it was dropped
     * (link down, or the peer is not reading: then the link is reset).
     */
    public boolean send(Message m) {
        if (!enqueue(m)) return false;
        flush();
        return true;
    }

    /**
     * Takes a message to be written at the next {@link #flush()} at the latest, so that several
     * go out in one write; returns false if it was dropped, as {@link #send} does.
     */
    public boolean enqueue(Message m) {
        LinkOutput o = output;
        return o != null && connected && o.offer(m);
    }

    /** Writes what was enqueued, as far as the socket takes it without waiting; never blocks on the peer. */
    public void flush() {
        LinkOutput o = output;
        if (o != null) o.flush();
    }

    /** Bytes waiting for this link's socket (messages not yet encoded counted at their encoded size). */
    long unsentBytes() {
        LinkOutput o = output;
        return o == null ? 0 : o.unsentBytes();
    }

    /** Drops the connection (it is reconnected after the backoff). */
    public void reset(String reason) {
        Socket s = socket;
        if (s != null) {
            log.accept(rolePrefix.get() + " closing link to " + peerId + ": " + reason);
            closeQuietly(s);
        }
        LinkOutput o = output;
        if (o != null) o.wake();
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
            Socket s = null;
            LinkOutput out = null;
            try {
                // Plaintext: a channel, blocking until the handshake is done (its socket's streams need that), then not.
                s = tls != null ? new Socket() : SocketChannel.open().socket();
                socket = s;
                SocketOptions.forPeerLink(s);
                // Resolve on every attempt: a peer may come back at a new address behind the same name.
                s.connect(new InetSocketAddress(address.getHostString(), address.getPort()), CONNECT_TIMEOUT_MS);
                out = tls != null ? openTls(s) : openPlain(s);
                output = out;
                connected = true;
                wasConnected = true;
                backoff = 0;
                events.accept(new LinkEvent.Up(peerId));
                out.drive(() -> running);
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
                output = null;
                socket = null;
                if (out != null) out.close();
                closeQuietly(s);
                if (wasConnected) events.accept(new LinkEvent.Down(peerId, "connection closed"));
            }
            backoff = backoff == 0 ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private LinkOutput openTls(Socket s) throws IOException, PeerHandshake.Refused {
        s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
        Socket io = TlsSockets.client(tls, s, address.getHostString(), address.getPort());
        OutputStream out = new BufferedOutputStream(io.getOutputStream(), 64 * 1024);
        handshake(io, out);
        return new StreamOutput(s, out, this::reset);
    }

    private LinkOutput openPlain(Socket s) throws IOException, PeerHandshake.Refused {
        handshake(s, new BufferedOutputStream(s.getOutputStream(), 4096));
        return ChannelOutput.open(s.getChannel(), this::reset);
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

    @Override
    public void close() {
        running = false;
        Socket s = socket;
        if (s != null) closeQuietly(s);
        LinkOutput o = output;
        if (o != null) o.wake();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
