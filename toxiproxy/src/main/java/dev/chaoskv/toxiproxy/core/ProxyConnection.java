package dev.chaoskv.toxiproxy.core;

import static dev.chaoskv.common.Closeables.closeQuietly;

import dev.chaoskv.toxiproxy.toxics.StreamDirection;
import dev.chaoskv.toxiproxy.toxics.ToxicSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted client connection and its upstream connection, with an upstream link
 * (client → server) and a downstream link (server → client), both run by one
 * {@link EventLoop}. When one link ends it closes its destination, and the other link ends
 * once it has written what it holds ({@link Link}); TCP half-close is not propagated, as in
 * the real server. {@link #close} (the proxy stops) closes both sockets at once.
 */
final class ProxyConnection implements EventLoop.Handler {
    private final Proxy proxy;
    private final EventLoop loop;
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final Link up;
    private final Link down;
    private final Runnable refresh = this::refresh;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Loop-confined.
    private SelectionKey clientKey;
    private SelectionKey upstreamKey;

    ProxyConnection(Proxy proxy, EventLoop loop, SocketChannel client, ProxyMetrics metrics,
            List<ToxicSpec> upToxics, List<ToxicSpec> downToxics) throws IOException {
        this.proxy = proxy;
        this.loop = loop;
        this.client = client;
        this.upstream = SocketChannel.open();
        this.up = new Link(this, loop, client, upstream, metrics.upstream());
        this.down = new Link(this, loop, upstream, client, metrics.downstream());
        up.update(upToxics);
        down.update(downToxics);
    }

    /** Dials the upstream without blocking and starts forwarding once connected. */
    void start(InetSocketAddress target) {
        if (!loop.execute(() -> dial(target))) {
            close(); // the server is stopping
        }
    }

    /** Applies new toxics to one direction (any thread). */
    void update(StreamDirection direction, List<ToxicSpec> specs) {
        Link link = direction == StreamDirection.UPSTREAM ? up : down;
        boolean timeoutRemoved = link.update(specs);
        Runnable task = !timeoutRemoved ? refresh : () -> { // a removed timeout toxic ends its link
            try {
                if (clientKey != null && !closed.get()) {
                    link.closeStream(System.nanoTime());
                }
                refresh();
            } catch (RuntimeException e) {
                close();
            }
        };
        if (!loop.execute(task)) { // released chunks, a new deadline, a link that may read again
            close(); // the server is stopping
        }
    }

    @Override
    public void ready(SelectionKey key) {
        try {
            int ops = key.readyOps();
            if (key == upstreamKey) {
                if ((ops & SelectionKey.OP_CONNECT) != 0) {
                    upstream.finishConnect();
                    connected();
                    return;
                }
                if ((ops & SelectionKey.OP_WRITE) != 0) {
                    up.onWritable();
                }
                if ((ops & SelectionKey.OP_READ) != 0 && !closed.get()) {
                    down.onReadable();
                }
            } else {
                if ((ops & SelectionKey.OP_WRITE) != 0) {
                    down.onWritable();
                }
                if ((ops & SelectionKey.OP_READ) != 0 && !closed.get()) {
                    up.onReadable();
                }
            }
            updateInterest();
        } catch (IOException e) {
            close(); // the upstream dial failed (refused, unreachable): the client sees EOF, as with the real server
        }
    }

    @Override
    public void failed(RuntimeException e) {
        close();
    }

    /** Re-runs both links (loop thread): toxics changed or a timer is due. */
    void refresh() {
        if (clientKey == null || closed.get()) {
            return; // not connected yet (connected() refreshes) or gone
        }
        try {
            long now = System.nanoTime();
            up.drain(now);
            down.drain(now);
            updateInterest();
        } catch (RuntimeException e) {
            close();
        }
    }

    /**
     * {@code link} has ended (loop thread): closes its destination, which is the other link's
     * source, and lets the other link finish what it holds. Once both have ended the connection
     * is gone.
     */
    void linkEnded(Link link, SocketChannel dest) {
        closeQuietly(dest);
        Link other = link == up ? down : up;
        if (!other.ended()) {
            other.sourceEnded(System.nanoTime()); // may end it at once, which comes back here
            return;
        }
        if (closed.compareAndSet(false, true)) {
            up.cancelTimer();
            down.cancelTimer();
            proxy.forget(this);
        }
    }

    /** Closes both sockets; idempotent, any thread, never blocks on I/O. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        closeQuietly(upstream);
        // Registered channels are released by the selector's next select, and the links' timers
        // belong to the loop: both are the loop's job.
        if (!loop.execute(() -> {
            up.cancelTimer();
            down.cancelTimer();
        })) {
            loop.wakeup();
        }
        proxy.forget(this);
    }

    private void dial(InetSocketAddress target) {
        if (closed.get()) {
            return;
        }
        try {
            client.configureBlocking(false);
            upstream.configureBlocking(false);
            // No dial timeout, like the real server: a dial that hangs ends when the proxy closes the connection.
            if (upstream.connect(target)) {
                connected();
            } else {
                upstreamKey = upstream.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            close(); // upstream down: the client sees a successful connect followed by EOF, as with the real server
        }
    }

    private void connected() throws IOException {
        if (closed.get()) {
            return;
        }
        client.setOption(StandardSocketOptions.TCP_NODELAY, true); // Go's default; without it small messages wait for Nagle
        upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
        // Like the real server (link.go Start): when reset_peer is in either chain at connection
        // start, SO_LINGER=0 on the link's source and destination, i.e. both sockets, so that
        // every close sends RST (even if the toxic's roll made it a noop).
        // Linger 0 never makes close() wait, so it is safe on these non-blocking sockets.
        if (up.resetsPeer() || down.resetsPeer()) {
            client.setOption(StandardSocketOptions.SO_LINGER, 0);
            upstream.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        if (upstreamKey == null) {
            upstreamKey = upstream.register(loop.selector(), 0, this);
        }
        clientKey = client.register(loop.selector(), 0, this);
        refresh(); // toxics added while dialling (e.g. a timeout's deadline) take effect now
    }

    private void updateInterest() {
        if (closed.get()) {
            return;
        }
        int clientOps = (up.wantsRead() ? SelectionKey.OP_READ : 0) | (down.wantsWrite() ? SelectionKey.OP_WRITE : 0);
        int upstreamOps = (down.wantsRead() ? SelectionKey.OP_READ : 0) | (up.wantsWrite() ? SelectionKey.OP_WRITE : 0);
        // A key is invalid once its socket was closed by a link that ended.
        if (clientKey.isValid() && clientKey.interestOps() != clientOps) {
            clientKey.interestOps(clientOps);
        }
        if (upstreamKey.isValid() && upstreamKey.interestOps() != upstreamOps) {
            upstreamKey.interestOps(upstreamOps);
        }
    }
}
