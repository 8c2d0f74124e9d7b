package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the raft loop waits for: events other threads post, and bytes on the inbound peer streams
 * it reads itself, behind one selector. A peer's message thus wakes the raft loop directly,
 * instead of a reader thread that would then have to wake it (one thread wake-up less on each
 * hop of a write's path). Posting wakes the loop at most once per turn.
 */
final class Inbox implements AutoCloseable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<NodeEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();

    Inbox() throws IOException {
        this.selector = Selector.open();
    }

    /** Posts {@code e} for the raft loop (any thread). */
    void add(NodeEvent e) {
        events.add(e);
        if (wakeupPending.compareAndSet(false, true)) selector.wakeup();
    }

    /**
     * Raft loop: waits until an event is posted, a registered stream is readable, or
     * {@code nanos} passed; then {@link #poll} and {@link #readable} say what happened.
     */
    void await(long nanos) throws IOException {
        if (!events.isEmpty() || nanos <= 0) {
            selector.selectNow();
        } else {
            // select takes milliseconds and 0 means forever: round up, so a tick is never early by a sleep.
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
        }
        // After the select: a post from now on wakes the next one (a post before it is in the queue).
        wakeupPending.set(false);
    }

    /** The next posted event, or null. */
    NodeEvent poll() {
        return events.poll();
    }

    /** The streams found readable by the last {@link #await}; the caller removes what it handled. */
    Set<SelectionKey> readable() {
        return selector.selectedKeys();
    }

    /** Raft loop: watches {@code channel} (non-blocking) for reading. */
    SelectionKey register(SocketChannel channel, Object attachment) throws IOException {
        return channel.register(selector, SelectionKey.OP_READ, attachment);
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
