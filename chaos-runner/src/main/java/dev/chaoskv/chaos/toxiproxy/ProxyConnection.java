package dev.chaoskv.chaos.toxiproxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted client connection and its upstream connection, with an upstream link
 * (client → server) and a downstream link (server → client), each pumped by its own thread.
 * Closing it closes both sockets, which ends both threads: TCP half-close is not propagated,
 * as in the real server.
 */
final class ProxyConnection {
    private final Proxy proxy;
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final Link up;
    private final Link down;
    private final String threadName;
    private final AtomicBoolean closed = new AtomicBoolean();

    ProxyConnection(Proxy proxy, SocketChannel client, ProxyMetrics metrics, List<ToxicSpec> upToxics,
            List<ToxicSpec> downToxics, long id) throws IOException {
        this.proxy = proxy;
        this.client = client;
        this.upstream = SocketChannel.open();
        this.threadName = "toxiproxy-" + proxy.name() + "-" + id;
        this.up = new Link(this, StreamDirection.UPSTREAM, client, upstream, metrics.upstream(), threadName + "-up");
        this.down = new Link(this, StreamDirection.DOWNSTREAM, upstream, client, metrics.downstream(), threadName + "-down");
        up.update(upToxics);
        down.update(downToxics);
    }

    Link link(StreamDirection direction) {
        return direction == StreamDirection.UPSTREAM ? up : down;
    }

    /** Dials the upstream on a new thread (so a slow dial never stalls accepting) and starts pumping. */
    void start(String upstreamAddress) {
        Thread t = new Thread(() -> run(upstreamAddress), threadName + "-up");
        t.setDaemon(true);
        t.start();
    }

    private void run(String upstreamAddress) {
        try {
            InetSocketAddress target = HostPort.parse(upstreamAddress, "upstream").resolve();
            // No dial timeout, like the real server: a dial that hangs ends when the proxy closes the connection.
            upstream.connect(target);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true); // Go's default; without it small messages wait for Nagle
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // Like the real server: SO_LINGER=0 on a link's source when reset_peer is in its chain at
            // connection start, so that closing sends RST (even if the toxic's roll made it a noop).
            if (up.has(ResetPeerToxic.class)) {
                client.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            if (down.has(ResetPeerToxic.class)) {
                upstream.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException | ApiException | RuntimeException e) {
            close(); // upstream down: the client sees a successful connect followed by EOF, as with the real server
            return;
        }
        if (closed.get()) {
            close();
            return;
        }
        Thread t = new Thread(down::pump, threadName + "-down");
        t.setDaemon(true);
        t.start();
        up.pump();
    }

    /** Closes both sockets and stops both links; idempotent and never blocks on I/O. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        up.close();
        down.close();
        closeQuietly(client);
        closeQuietly(upstream);
        proxy.forget(this);
    }

    private static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed or reset: nothing left to release
        }
    }
}
