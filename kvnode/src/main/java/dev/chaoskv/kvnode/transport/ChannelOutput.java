package dev.chaoskv.kvnode.transport;

import static dev.chaoskv.common.Closeables.closeQuietly;

import dev.chaoskv.raft.Message;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A plaintext connection, non-blocking: the thread that flushes writes the bytes itself (the raft
 * loop encodes a turn's messages and writes them in one call, with no hand-off to another thread).
 * Only what the socket does not take at once is left to the link's thread, which waits until the
 * socket is writable again and finishes it; until then senders queue their messages behind it,
 * unencoded (an Append shares its entries with the log, so a backlog costs little memory), and
 * the link's thread encodes them as the socket drains. Bytes keep their order. A sender never
 * waits for the peer: a peer that stops reading (paused, stuck) makes the backlog grow up to
 * {@link #UNSENT_LIMIT}, and the link is reset there.
 */
final class ChannelOutput implements LinkOutput {
    /**
     * Unsent bytes (encoded, or queued and counted at their encoded size) at which the peer
     * counts as not reading: twice what replication itself keeps in flight to one follower at
     * the defaults (64 Appends of at most 1 MiB, {@code RaftConfig}), so a follower that reads
     * slowly but steadily is never reset by it, and more than the largest frame a peer accepts
     * ({@link PeerCodec#MAX_FRAME}). A paused follower is normally reset long before, by the
     * follower timeout.
     */
    static final int UNSENT_LIMIT = 128 << 20;
    /** Encoded bytes a sender or the link's thread accumulates before it writes them. */
    static final int ENCODE_AHEAD_BYTES = 1 << 20;
    private static final long POLL_MS = 200;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Consumer<String> reset;
    private final Object lock = new Object();
    /** Guarded by lock, as are the fields below. */
    private final OutboundBuffer unsent = new OutboundBuffer();
    /** Offered while the link's thread owns the writing; encoded as the socket drains. */
    private final ArrayDeque<Message> queued = new ArrayDeque<>();
    private long queuedBytes;
    /** The socket was full: the link's thread writes until everything is out; senders only queue. */
    private boolean waitingForSocket;
    /** What broke the connection in another thread's write, for the link's thread to report. */
    private IOException failure;
    private boolean full;

    private ChannelOutput(SocketChannel channel, Selector selector, SelectionKey key, Consumer<String> reset) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
        this.reset = reset;
    }

    /** Switches a connected channel, handshake done, to non-blocking; {@code reset} resets the link, with the reason. */
    static ChannelOutput open(SocketChannel channel, Consumer<String> reset) throws IOException {
        Selector selector = Selector.open();
        try {
            channel.configureBlocking(false);
            return new ChannelOutput(channel, selector, channel.register(selector, 0), reset);
        } catch (IOException | RuntimeException e) {
            closeQuietly(selector);
            throw e;
        }
    }

    @Override
    public boolean offer(Message m) {
        boolean wake = false, nowFull = false;
        synchronized (lock) {
            if (full || failure != null || !channel.isOpen()) return false;
            int bytes = PeerCodec.frameBound(m);
            long backlog = unsent.size() + queuedBytes;
            if (backlog > 0 && backlog + bytes > UNSENT_LIMIT) {
                full = nowFull = true;
            } else if (waitingForSocket) {
                queued.add(m);
                queuedBytes += bytes;
                return true;
            } else {
                // A large batch (a catch-up) goes out as it is encoded, never all of it encoded at once.
                if (unsent.size() >= ENCODE_AHEAD_BYTES) wake = write();
                if (waitingForSocket) {
                    queued.add(m);
                    queuedBytes += bytes;
                } else {
                    unsent.append(m);
                }
            }
        }
        if (wake) selector.wakeup();
        if (!nowFull) return true;
        reset.accept("send queue full (" + (UNSENT_LIMIT >> 20) + " MiB unsent): peer is not reading");
        return false;
    }

    @Override
    public void flush() {
        boolean wake;
        synchronized (lock) {
            if (waitingForSocket || failure != null || unsent.isEmpty()) return;
            wake = write();
        }
        if (wake) selector.wakeup();
    }

    /** A sender's write; true if the link's thread must take over (the socket is full, or the write failed). */
    private boolean write() {
        try {
            unsent.writeTo(channel);
        } catch (IOException e) {
            failure = closedByReset(e);
            return true;
        }
        waitingForSocket = !unsent.isEmpty();
        return waitingForSocket;
    }

    @Override
    public long unsentBytes() {
        synchronized (lock) {
            return unsent.size() + queuedBytes;
        }
    }

    @Override
    public void drive(BooleanSupplier running) throws IOException, InterruptedException {
        while (running.getAsBoolean()) {
            synchronized (lock) {
                if (failure != null) throw failure;
                if (!channel.isOpen()) throw new IOException("link reset");
                if (waitingForSocket) {
                    try {
                        writeBacklog();
                    } catch (IOException e) {
                        throw failure = closedByReset(e);
                    }
                }
                try {
                    key.interestOps(waitingForSocket ? SelectionKey.OP_WRITE : 0);
                } catch (CancelledKeyException e) {
                    throw new IOException("link reset");
                }
            }
            selector.select(POLL_MS);
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }

    /** Writes the unsent bytes, then the queued messages a slice at a time, until the socket is full or all is out. */
    private void writeBacklog() throws IOException {
        do {
            while (unsent.size() < ENCODE_AHEAD_BYTES && !queued.isEmpty()) {
                Message m = queued.poll();
                queuedBytes -= PeerCodec.frameBound(m);
                unsent.append(m);
            }
            unsent.writeTo(channel);
        } while (unsent.isEmpty() && !queued.isEmpty());
        waitingForSocket = !unsent.isEmpty();
    }

    /** A write that failed because a reset closed the channel under it says so, as a blocking socket's would. */
    private IOException closedByReset(IOException e) {
        return channel.isOpen() ? e : new IOException("link reset");
    }

    @Override
    public void wake() {
        selector.wakeup();
    }

    @Override
    public void close() {
        closeQuietly(channel);
        closeQuietly(selector);
    }
}
