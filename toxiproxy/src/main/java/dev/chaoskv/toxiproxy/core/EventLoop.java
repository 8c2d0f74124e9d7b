package dev.chaoskv.toxiproxy.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread that owns a {@link Selector} and runs every proxied connection registered with
 * it: socket readiness, tasks posted by other threads (new connections, toxic changes) and
 * timers (when a toxic releases a chunk, when a timeout toxic closes). Nothing it runs blocks,
 * so one thread serves many connections, and a message crossing the proxy costs a read and a
 * write on an already awake thread instead of a wake-up of a thread per link.
 *
 * <p>Posted tasks run after each select and before the ready keys are handled. A caller that
 * posts a task and then causes data to arrive (an API call returns, the client sends) is thus
 * sure the task ran before that data is forwarded.
 */
final class EventLoop implements AutoCloseable {
    /** What a registered channel's key carries; called on the loop thread when it is ready. */
    interface Handler {
        void ready(SelectionKey key);

        /** The handler threw: release what it holds. */
        void failed(RuntimeException e);
    }

    /** A pending timer; {@link #cancel} removes it. */
    static final class Timer implements Comparable<Timer> {
        final long at;
        final Runnable action;
        private final long seq;

        private Timer(long at, Runnable action, long seq) {
            this.at = at;
            this.action = action;
            this.seq = seq;
        }

        @Override
        public int compareTo(Timer o) {
            long d = at - o.at; // nanoTime values: compare by difference, they may wrap
            return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(seq, o.seq);
        }
    }

    /** Large enough that a bulk stream needs few system calls; shared, so idle links cost nothing. */
    static final int READ_BUFFER_SIZE = 128 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private long timerSeq;
    private volatile boolean closed;

    EventLoop(String threadName) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    /** The loop's read buffer: a handler may use it until it returns (loop thread only). */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Runs {@code task} on the loop thread soon; false (and not run) once the loop is closed. */
    boolean execute(Runnable task) {
        if (closed) {
            return false;
        }
        tasks.add(task);
        if (closed) { // closed meanwhile: shutDown may already have discarded the queue
            tasks.remove(task);
            return false;
        }
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
        return true;
    }

    /** CPU time the loop thread has used, user and system (-1 where the JVM cannot tell). */
    long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    /** Makes the loop select again, e.g. so that the channels closed by another thread are released now. */
    void wakeup() {
        selector.wakeup();
    }

    /** Runs {@code action} on the loop thread at {@code atNanos} ({@link System#nanoTime()}); loop thread only. */
    Timer schedule(long atNanos, Runnable action) {
        Timer t = new Timer(atNanos, action, timerSeq++);
        timers.add(t);
        return t;
    }

    /** Forgets a timer (loop thread only); null and already fired timers are ignored. */
    void cancel(Timer t) {
        if (t != null) {
            timers.remove(t);
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!closed) {
                select();
                runTasks();
                handleSelected();
                runTimers();
            }
        } finally {
            closed = true; // also when an Error ends the loop: callers then close instead of waiting on it
            shutDown();
        }
    }

    private void select() {
        try {
            if (!tasks.isEmpty()) {
                selector.selectNow();
                return;
            }
            Timer next = timers.peek();
            if (next == null) {
                selector.select(); // until a channel is ready or wakeup()
                return;
            }
            long wait = next.at - System.nanoTime();
            if (wait <= 0) {
                selector.selectNow();
            } else {
                selector.select((wait + 999_999) / 1_000_000); // rounded up: never wake before a timer is due
            }
        } catch (IOException e) {
            // epoll itself failed: nothing to do but retry; handlers see their own channel errors
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a task's failure belongs to its connection, which closes itself; the loop goes on
            }
        }
    }

    private void handleSelected() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Handler h = (Handler) key.attachment();
            try {
                if (key.isValid()) {
                    h.ready(key);
                }
            } catch (RuntimeException e) { // e.g. CancelledKeyException from a concurrent close
                h.failed(e);
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.at - now <= 0) {
            timers.poll();
            try {
                t.action.run();
            } catch (RuntimeException e) {
                // as for tasks: the connection concerned has closed itself
            }
        }
    }

    /** Releases every channel still registered (the server is stopping) and the selector. */
    private void shutDown() {
        tasks.clear();
        timers.clear();
        try {
            for (SelectionKey key : selector.keys()) {
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // already reset by the peer: nothing more to release
                }
            }
            selector.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is best effort: the process keeps no other reference to these sockets
        }
    }
}
