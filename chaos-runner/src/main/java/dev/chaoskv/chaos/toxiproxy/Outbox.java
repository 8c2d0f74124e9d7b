package dev.chaoskv.chaos.toxiproxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing half of a link while toxics are active: a queue of items, each released at its
 * {@code ready} time by one writer thread, plus the idle deadline of a timeout toxic. The
 * thread starts on first use and retires once the chain is empty and the queue has drained,
 * so a link without toxics costs no extra thread. Bounded like the real server's 1024-chunk
 * latency buffer, so a slow destination pushes back on the reader instead of filling memory.
 */
final class Outbox {
    private static final int MAX_ITEMS = 1024;
    private static final long MAX_BYTES = 16L << 20;

    private final String threadName;
    private final SocketChannel dest;
    private final DirectionCounters counters;
    private final Runnable closeConnection;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<StreamItem> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long deadline = StageState.NO_DEADLINE;
    private long flushedGeneration = -1;
    private boolean retireWhenIdle = true;
    private boolean closed;
    private volatile boolean running;

    Outbox(String threadName, SocketChannel dest, DirectionCounters counters, Runnable closeConnection) {
        this.threadName = threadName;
        this.dest = dest;
        this.counters = counters;
        this.closeConnection = closeConnection;
    }

    /** True while the writer thread exists: the reader must then queue instead of writing directly. */
    boolean isRunning() {
        return running;
    }

    /**
     * Queues items computed by chain {@code generation}, waiting for space. Items from a chain
     * that has since been flushed go out at once (their toxic was removed or updated).
     */
    void offer(List<StreamItem> items, long generation) {
        if (items.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (StreamItem item : items) {
                while (!closed && (queue.size() >= MAX_ITEMS || queuedBytes >= MAX_BYTES)) {
                    changed.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                queue.addLast(generation <= flushedGeneration ? item.readyAt(System.nanoTime()) : item);
                queuedBytes += size(item);
            }
            ensureRunning();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sets the timeout toxic's deadline and whether the thread may retire once idle. */
    void configure(long idleDeadline, boolean chainEmpty) {
        lock.lock();
        try {
            deadline = idleDeadline;
            retireWhenIdle = chainEmpty;
            if (deadline != StageState.NO_DEADLINE) {
                ensureRunning();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Releases everything queued now: data held inside a removed or updated toxic is flushed, not dropped. */
    void flush(long upToGeneration) {
        lock.lock();
        try {
            flushedGeneration = Math.max(flushedGeneration, upToGeneration);
            long now = System.nanoTime();
            for (int i = queue.size(); i > 0; i--) {
                StreamItem item = queue.pollFirst();
                queue.addLast(item.ready() > now ? item.readyAt(now) : item);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter; the writer exits and queued data is dropped (the sockets are closing). */
    void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void ensureRunning() {
        if (!running && !closed) {
            running = true;
            Thread t = new Thread(this::writeLoop, threadName);
            t.setDaemon(true);
            t.start();
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                StreamItem item = next();
                if (item == null) {
                    return;
                }
                if (item instanceof StreamItem.Chunk c) {
                    ByteBuffer b = ByteBuffer.wrap(c.data(), c.offset(), c.length());
                    while (b.hasRemaining()) {
                        dest.write(b);
                    }
                    counters.sent().add(c.length());
                    done(c.length());
                } else {
                    closeConnection.run();
                    return;
                }
            }
        } catch (IOException e) {
            closeConnection.run(); // the destination failed: the whole connection goes, as in the real server
        } finally {
            lock.lock();
            try {
                running = false;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits for the next due item; null when the thread should end (closed, retired or timed out). */
    private StreamItem next() {
        boolean timedOut = false;
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                if (deadline != StageState.NO_DEADLINE && deadline - now <= 0) {
                    timedOut = true;
                    break;
                }
                StreamItem head = queue.peekFirst();
                if (head != null && head.ready() - now <= 0) {
                    return queue.pollFirst(); // bytes stay counted until written, so isRunning() covers them
                }
                if (head == null && deadline == StageState.NO_DEADLINE) {
                    if (retireWhenIdle) {
                        running = false; // set under the lock, so a concurrent offer starts a new thread
                        return null;
                    }
                    changed.awaitUninterruptibly();
                    continue;
                }
                long wake = head == null ? deadline - now
                        : deadline == StageState.NO_DEADLINE ? head.ready() - now
                        : Math.min(deadline - now, head.ready() - now);
                changed.awaitNanos(Math.max(wake, TimeUnit.MICROSECONDS.toNanos(50)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
        if (timedOut) {
            closeConnection.run();
        }
        return null;
    }

    private void done(int bytes) {
        lock.lock();
        try {
            queuedBytes -= bytes;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static long size(StreamItem item) {
        return item instanceof StreamItem.Chunk c ? c.length() : 0;
    }
}
