package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.toxics.StageState;
import dev.chaoskv.toxiproxy.toxics.StreamItem;
import dev.chaoskv.toxiproxy.toxics.Toxic;
import dev.chaoskv.toxiproxy.toxics.ToxicChain;
import dev.chaoskv.toxiproxy.toxics.ToxicSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One direction of a proxied connection: reads chunks from {@code source} and delivers them
 * to {@code dest}, driven by the connection's {@link EventLoop}.
 *
 * <p>Without toxics a chunk is written straight from the loop's read buffer (no copy, no
 * queue); only what the destination does not take at once is kept, and reading pauses until
 * it has gone. With toxics each chunk (at most 32 KiB, the real server's io.Copy chunk, which
 * toxic timing depends on) is copied, run through the {@link ToxicChain} and queued with the
 * time it may leave; the loop writes it then. The queue is bounded like the real server's
 * 1024-chunk latency buffer: when full, reading pauses, so a slow destination pushes back on
 * the source instead of filling memory. The link only goes back to direct writes once the
 * queue has drained, so switching never reorders or loses bytes.
 *
 * <p>Ending, as in the real server: a link whose stream ends (EOF, an End from a toxic, a
 * timeout toxic's deadline, a failed write) closes only its destination. That socket is the
 * other link's source, so the other link then ends too, but only after writing what it still
 * holds: a reply held by a latency toxic still reaches the client after the request side
 * closed. Stopping the proxy closes both sockets at once instead ({@link ProxyConnection#close}).
 *
 * <p>Threads: everything runs on the loop thread except {@link #update}, which API threads
 * call. The chain, the queue and the deadline are guarded by {@code lock}; the rest is
 * confined to the loop.
 */
final class Link {
    static final int CHUNK_SIZE = 32 * 1024;
    private static final int MAX_ITEMS = 1024;
    private static final long MAX_BYTES = 16L << 20;

    private final ProxyConnection connection;
    private final EventLoop loop;
    private final SocketChannel source;
    private final SocketChannel dest;
    private final DirectionCounters counters;
    private final SplittableRandom random = new SplittableRandom();
    private final Runnable onTimer;

    private final Object lock = new Object();
    private volatile ToxicChain chain = ToxicChain.EMPTY;
    private final ArrayDeque<StreamItem> queue = new ArrayDeque<>(); // guarded by lock
    private volatile long deadline = StageState.NO_DEADLINE; // timeout toxic; written under lock

    // Loop-confined.
    private int queued; // items in the queue: only the loop adds or removes them (a flush reorders nothing)
    private long queuedBytes;
    private ByteBuffer pending; // the rest of the chunk being written
    private ByteBuffer spill; // reused for what a direct write left over
    private boolean writeBlocked; // dest's send buffer is full: wait for OP_WRITE
    private boolean sourceDone; // EOF read or the source closed: nothing more to read
    private boolean ended; // the destination is closed: nothing more to write
    private EventLoop.Timer timer;

    Link(ProxyConnection connection, EventLoop loop, SocketChannel source, SocketChannel dest, DirectionCounters counters) {
        this.connection = connection;
        this.loop = loop;
        this.source = source;
        this.dest = dest;
        this.counters = counters;
        this.onTimer = () -> {
            timer = null;
            connection.refresh();
        };
    }

    /** Whether a reset_peer toxic is in this link's chain (see {@link ToxicChain#resetsPeer()}). */
    boolean resetsPeer() {
        return chain.resetsPeer();
    }

    /**
     * Applies the proxy's current toxics for this direction, on a running link too (any
     * thread). Chunks held by a removed or updated toxic are released at once, not dropped.
     * Returns true if the connection must close (a timeout toxic was removed).
     */
    boolean update(List<ToxicSpec> specs) {
        synchronized (lock) { // pure computation: an API thread waiting here never waits on I/O
            long now = System.nanoTime();
            ToxicChain.Rebuilt r = chain.rebuild(specs, random, now);
            chain = r.chain();
            if (r.removedOrUpdated()) {
                // Everything queued was computed by the old chain. Only data is released: a close
                // already scheduled (slow_close, reset_peer) keeps its time, behind the data,
                // unless it was only waiting behind held data (bandwidth at rate 0).
                for (int i = queue.size(); i > 0; i--) {
                    StreamItem item = queue.pollFirst();
                    boolean release = item instanceof StreamItem.Chunk ? item.ready() - now > 0 : Toxic.held(item.ready(), now);
                    queue.addLast(release ? item.readyAt(now) : item);
                }
            }
            deadline = r.chain().idleDeadline();
            return r.removedTimeout();
        }
    }

    /** Whether the loop should wait for the source to be readable. */
    boolean wantsRead() {
        if (sourceDone) {
            return false;
        }
        if (chain.isEmpty()) {
            return queued == 0 && pending == null; // back to direct writes only once drained
        }
        return queued < MAX_ITEMS && queuedBytes < MAX_BYTES;
    }

    /** Whether the loop should wait for the destination to be writable. */
    boolean wantsWrite() {
        return writeBlocked;
    }

    /** The source is readable: forwards one read. */
    void onReadable() {
        boolean direct = chain.isEmpty() && queued == 0 && pending == null;
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        if (!direct) {
            buffer.limit(CHUNK_SIZE);
        }
        int n;
        try {
            n = source.read(buffer);
        } catch (IOException e) {
            n = -1; // reset or closed under us: treat like EOF, the connection ends either way
        }
        if (n == 0) {
            return;
        }
        long now = System.nanoTime();
        if (n < 0) {
            sourceEnded(now);
            return;
        }
        counters.received().add(n);
        buffer.flip();
        if (direct && !chain.isEmpty()) {
            // A toxic was added while this read was under way: its API call may have returned
            // before the data was sent, so the data must meet it. Pieces of the real chunk size.
            direct = false;
            while (buffer.remaining() > CHUNK_SIZE) {
                byte[] piece = new byte[CHUNK_SIZE];
                buffer.get(piece);
                throughToxics(new StreamItem.Chunk(piece, 0, piece.length, now, now));
            }
        }
        if (direct) {
            if (!writeSome(buffer)) {
                return;
            }
            if (buffer.hasRemaining()) {
                keepRest(buffer);
            }
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            throughToxics(new StreamItem.Chunk(copy, 0, copy.length, now, now));
            drain(now);
        }
    }

    /**
     * The source ended: EOF was read, or the other link closed this link's source socket.
     * What is held is still written, then the destination closes. Loop thread.
     */
    void sourceEnded(long now) {
        if (sourceDone || ended) {
            return;
        }
        sourceDone = true;
        if (chain.isEmpty() && queued == 0 && pending == null) {
            end(); // nothing held
            return;
        }
        throughToxics(new StreamItem.End(now)); // an empty chain passes it straight to the queue
        drain(now);
    }

    /** The destination is writable again. */
    void onWritable() {
        writeBlocked = false;
        drain(System.nanoTime());
    }

    /**
     * Writes what is due: the rest of the current chunk, then queued items whose time has
     * come, until the destination is full or the next item is not yet due (then a timer is set).
     */
    void drain(long now) {
        if (ended) {
            return;
        }
        long d = deadline;
        if (d != StageState.NO_DEADLINE) {
            if (d - now <= 0) {
                end(); // the timeout toxic's time is up: it closes its link, as the real one does
                return;
            }
            wakeAt(d);
        }
        while (!writeBlocked) {
            if (pending != null) {
                if (!writeSome(pending)) {
                    return;
                }
                if (pending.hasRemaining()) {
                    writeBlocked = true;
                    return;
                }
                pending = null;
            }
            if (queued == 0) {
                return;
            }
            StreamItem next = null;
            long wake = 0;
            synchronized (lock) {
                StreamItem head = queue.peekFirst();
                if (head.ready() - now <= 0) {
                    next = queue.pollFirst();
                } else {
                    wake = head.ready();
                }
            }
            if (next == null) {
                wakeAt(wake);
                return;
            }
            queued--;
            if (next instanceof StreamItem.Chunk c) {
                queuedBytes -= c.length();
                pending = ByteBuffer.wrap(c.data(), c.offset(), c.length());
            } else {
                end(); // End: EOF passed the chain, or a toxic closes the stream
                return;
            }
        }
    }

    /**
     * Ends this direction as a removed timeout toxic does (the real server's Cleanup closes
     * its link): what is queued goes out first, then the destination closes. Loop thread.
     */
    void closeStream(long now) {
        if (ended) {
            return;
        }
        sourceDone = true;
        synchronized (lock) {
            queue.addLast(new StreamItem.End(now));
        }
        queued++;
        drain(now);
    }

    /** Whether this link has closed its destination. */
    boolean ended() {
        return ended;
    }

    /** Drops this link's timer; the connection is closing (loop thread). */
    void cancelTimer() {
        loop.cancel(timer);
        timer = null;
    }

    /** Writes what the destination takes now; false if it failed, and this direction is then over. */
    private boolean writeSome(ByteBuffer b) {
        try {
            counters.sent().add(dest.write(b));
            return true;
        } catch (IOException e) {
            end();
            return false;
        }
    }

    /** Closes the destination; the connection tells the other link its source is gone. */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        sourceDone = true;
        pending = null;
        writeBlocked = false;
        connection.linkEnded(this, dest);
    }

    private void wakeAt(long at) {
        if (timer != null && timer.at - at <= 0) {
            return; // an earlier (or the same) wake-up is already set; it re-arms this one
        }
        loop.cancel(timer);
        timer = loop.schedule(at, onTimer);
    }

    private void keepRest(ByteBuffer buffer) {
        if (spill == null || spill.capacity() < buffer.remaining()) {
            spill = ByteBuffer.allocateDirect(EventLoop.READ_BUFFER_SIZE);
        }
        spill.clear();
        spill.put(buffer);
        spill.flip();
        pending = spill;
        writeBlocked = true;
    }

    private void throughToxics(StreamItem item) {
        int added = 0;
        long bytes = 0;
        synchronized (lock) { // the chain and its states are shared with update()
            ToxicChain c = chain;
            for (StreamItem out : c.process(item)) {
                queue.addLast(out);
                added++;
                bytes += out instanceof StreamItem.Chunk chunk ? chunk.length() : 0;
            }
            deadline = c.idleDeadline();
        }
        queued += added;
        queuedBytes += bytes;
    }
}
