package dev.chaoskv.kvnode.transport;

import static dev.chaoskv.common.Closeables.closeQuietly;

import dev.chaoskv.raft.Message;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A plaintext connection, non-blocking: the thread that flushes writes the bytes itself (the raft
 * loop encodes a turn's messages and writes them in one call, with no hand-off to another thread).
 * Only what the socket does not take at once is left to the link's thread, which waits until the
 * socket is writable again and finishes it; until then flushes leave the writing to it, so bytes
 * keep their order. A sender never waits for the peer: a peer that stops reading (paused, stuck)
 * makes the unsent bytes grow up to {@link #UNSENT_LIMIT}, and the link is reset there.
 */
final class ChannelOutput implements LinkOutput {
    /**
     * Unsent bytes at which the peer counts as not reading. As large as the largest frame a peer
     * accepts ({@link PeerCodec#MAX_FRAME}), so any legal message fits into an empty buffer; on the
     * other hand, at most this much memory per link. A paused follower is normally reset far
     * earlier, by the follower timeout; this bound is for a peer that still acknowledges but
     * reads too slowly.
     */
    static final int UNSENT_LIMIT = PeerCodec.MAX_FRAME;
    private static final long POLL_MS = 200;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Consumer<String> reset;
    private final Object lock = new Object();
    /** Guarded by lock, as are the fields below. */
    private final OutboundBuffer unsent = new OutboundBuffer();
    /** The socket was full: the link's thread writes until the buffer is empty. */
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
        synchronized (lock) {
            if (full || failure != null || !channel.isOpen()) return false;
            if (unsent.isEmpty() || (long) unsent.size() + PeerCodec.frameBound(m) <= UNSENT_LIMIT) {
                unsent.append(m);
                return true;
            }
            full = true;
        }
        reset.accept("send queue full (" + (UNSENT_LIMIT >> 20) + " MiB unsent): peer is not reading");
        return false;
    }

    @Override
    public void flush() {
        synchronized (lock) {
            if (waitingForSocket || failure != null || unsent.isEmpty()) return;
            try {
                unsent.writeTo(channel);
            } catch (IOException e) {
                failure = closedByReset(e);
            }
            if (failure == null && unsent.isEmpty()) return;
            waitingForSocket = failure == null;
        }
        selector.wakeup();
    }

    @Override
    public long unsentBytes() {
        synchronized (lock) {
            return unsent.size();
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
                        unsent.writeTo(channel);
                    } catch (IOException e) {
                        throw failure = closedByReset(e);
                    }
                    waitingForSocket = !unsent.isEmpty();
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
