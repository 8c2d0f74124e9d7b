package dev.chaoskv.chaos.toxiproxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One direction of a proxied connection: reads chunks from {@code source} and delivers them
 * to {@code dest}. Without toxics the reading thread writes straight through one reusable
 * direct buffer (no allocation, no copy into the Java heap, no hand-off): 32 KiB, grown once
 * to 128 KiB when a read fills it, so that bulk streams need fewer system calls while the
 * many small-message links stay small. With toxics each chunk (at most 32 KiB, the real
 * server's io.Copy chunk, which toxic timing depends on) is copied, run through
 * the {@link ToxicChain} and handed to the {@link Outbox}'s writer. The link only goes back to
 * direct writes once the outbox has drained, so switching never reorders or loses bytes.
 */
final class Link {
    private static final int CHUNK_SIZE = 32 * 1024;
    private static final int BULK_BUFFER_SIZE = 128 * 1024;

    private final ProxyConnection connection;
    private final StreamDirection direction;
    private final DirectionCounters counters;
    private final Outbox outbox;
    private final SplittableRandom random = new SplittableRandom();
    private final Object lock = new Object();
    private volatile ToxicChain chain = ToxicChain.EMPTY;
    private final SocketChannel source;
    private final SocketChannel dest;

    Link(ProxyConnection connection, StreamDirection direction, SocketChannel source, SocketChannel dest,
            DirectionCounters counters, String threadName) {
        this.connection = connection;
        this.direction = direction;
        this.source = source;
        this.dest = dest;
        this.counters = counters;
        this.outbox = new Outbox(threadName + "-toxics", dest, counters, connection::close);
    }

    StreamDirection direction() {
        return direction;
    }

    boolean has(Class<? extends Toxic> type) {
        return chain.contains(type);
    }

    /** Applies the proxy's current toxics for this direction; works on a running link too. */
    void update(List<ToxicSpec> specs) {
        boolean close;
        synchronized (lock) {
            ToxicChain old = chain;
            ToxicChain.Rebuilt r = old.rebuild(specs, random, System.nanoTime());
            chain = r.chain();
            if (r.removedOrUpdated()) {
                outbox.flush(old.generation());
            }
            outbox.configure(r.chain().idleDeadline(), r.chain().isEmpty());
            close = r.removedTimeout();
        }
        if (close) {
            connection.close();
        }
    }

    /** The reading loop; runs on the connection's thread for this direction until EOF or close. */
    void pump() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_SIZE);
        try {
            while (true) {
                buffer.clear();
                if (!direct()) {
                    buffer.limit(CHUNK_SIZE);
                }
                int n;
                try {
                    n = source.read(buffer);
                } catch (IOException e) {
                    n = -1; // reset or closed under us: treat like EOF, the connection ends either way
                }
                if (n < 0) {
                    if (direct()) {
                        connection.close();
                    } else {
                        throughToxics(new StreamItem.End(System.nanoTime()));
                    }
                    return;
                }
                counters.received().add(n);
                buffer.flip();
                if (direct()) {
                    while (buffer.hasRemaining()) {
                        dest.write(buffer);
                    }
                    counters.sent().add(n);
                    if (n == buffer.capacity() && n < BULK_BUFFER_SIZE) {
                        buffer = ByteBuffer.allocateDirect(BULK_BUFFER_SIZE); // a bulk stream: read more per call
                    }
                } else {
                    long now = System.nanoTime();
                    while (buffer.hasRemaining()) { // a big direct-path read that met new toxics: split it
                        byte[] copy = new byte[Math.min(buffer.remaining(), CHUNK_SIZE)];
                        buffer.get(copy);
                        throughToxics(new StreamItem.Chunk(copy, 0, copy.length, now, now));
                    }
                }
            }
        } catch (IOException e) {
            connection.close();
        }
    }

    /** Stops the writer side; called when the connection closes. */
    void close() {
        outbox.close();
    }

    private boolean direct() {
        return chain.isEmpty() && !outbox.isRunning();
    }

    private void throughToxics(StreamItem item) {
        List<StreamItem> out;
        long generation;
        synchronized (lock) { // pure computation: an API call waiting for this lock never waits on I/O
            ToxicChain c = chain;
            out = c.process(item);
            generation = c.generation();
            outbox.configure(c.idleDeadline(), c.isEmpty());
        }
        outbox.offer(out, generation); // may wait for space, outside the lock
    }
}
