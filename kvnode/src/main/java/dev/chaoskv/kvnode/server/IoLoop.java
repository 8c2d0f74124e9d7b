package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One selector thread serving many client connections: each turn it reads every readable
 * connection and starts its requests, then writes the answers that became ready since the last
 * turn, one gathering write per connection. Answers completed on other threads (the raft loop)
 * wake it at most once per turn, so a group commit's answers go out together. The thread that
 * completes most answers (the raft loop, {@link #answersWrittenBy}) does not wake it: it writes
 * them itself if the loop is asleep in its selector, which takes a thread wake-up off every
 * write's path on a lightly loaded node, and wakes it only if the loop is busy.
 */
final class IoLoop implements AutoCloseable {
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    interface Sessions {
        /** A connection this loop adopted: its session, registered on {@code key}. */
        ClientSession open(IoLoop loop, SocketChannel channel, SelectionKey key) throws IOException;

        void closed();
    }

    private final Selector selector;
    private final Thread thread;
    private final Sessions sessions;
    private final NodeLog log;
    private final int commitTimeoutMs;
    private final long commitTimeoutNanos;
    private final ConcurrentLinkedQueue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ClientSession> answersReady = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Held for a whole turn (everything but the select): whoever holds it owns every session of this loop. */
    private final ReentrantLock turn = new ReentrantLock();
    /** The thread that writes the answers it completes itself when the loop is idle; null: every answer wakes the loop. */
    private volatile Thread answerWriter;
    private final List<Runnable> afterDeregistration = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer[] scratch = new ByteBuffer[64];
    private Runnable afterReading = () -> { };
    private ServerSocketChannel acceptor;
    private Consumer<SocketChannel> onAccept;
    private volatile boolean running = true;

    IoLoop(String name, Sessions sessions, NodeLog log, int commitTimeoutMs) throws IOException {
        this.selector = Selector.open();
        this.sessions = sessions;
        this.log = log;
        this.commitTimeoutMs = commitTimeoutMs;
        this.commitTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** This loop also accepts connections on {@code server}, passing each to {@code onAccept}. */
    void accept(ServerSocketChannel server, Consumer<SocketChannel> onAccept) {
        this.acceptor = server;
        this.onAccept = onAccept;
    }

    /** Run on the loop's thread after each turn's reads (and again after its writes, which may read ahead under TLS). */
    void afterReading(Runnable r) {
        this.afterReading = r;
    }

    void start() throws IOException {
        if (acceptor != null) acceptor.register(selector, SelectionKey.OP_ACCEPT);
        thread.start();
    }

    long commitTimeoutNanos() {
        return commitTimeoutNanos;
    }

    boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Serves {@code channel} from now on (any thread). */
    void adopt(SocketChannel channel) {
        if (onLoopThread()) {
            register(channel);
        } else {
            adopted.add(channel);
            wakeUp();
        }
    }

    /**
     * Answers completed on {@code writer} are left for it to write ({@link #writeAnswersIfIdle}),
     * which it must call after completing a batch of them.
     */
    void answersWrittenBy(Thread writer) {
        this.answerWriter = writer;
    }

    /** A session has answers to write (any thread; from the raft loop once per answer, so it wakes the loop at most once per turn). */
    void answerReady(ClientSession s) {
        if (!s.queued.compareAndSet(false, true)) return;
        answersReady.add(s);
        if (!onLoopThread() && Thread.currentThread() != answerWriter) wakeUp();
    }

    /**
     * Writes the answers that are ready on the caller's thread if the loop is idle, else wakes the
     * loop to write them. The loop is woken too if a session now needs it (a short write waiting
     * for OP_WRITE, reading resumed, a close), since a changed interest set only counts from the
     * next select.
     */
    void writeAnswersIfIdle() {
        if (answersReady.isEmpty()) return;
        if (!turn.tryLock()) {
            wakeUp();
            return;
        }
        try {
            if (writeReadyAnswers()) wakeUp();
        } finally {
            turn.unlock();
        }
    }

    private void wakeUp() {
        if (wakeupPending.compareAndSet(false, true)) selector.wakeup();
    }

    /** Runs {@code r} once the selector has dropped the cancelled keys (needed before a channel can block). */
    void afterDeregistration(Runnable r) {
        afterDeregistration.add(r);
    }

    void sessionClosed() {
        sessions.closed();
    }

    private void run() {
        try {
            loop();
        } catch (Throwable t) {
            // A node whose clients can no longer be served must not look alive to them.
            log.info("[node] FATAL: client I/O loop " + thread.getName() + " failed: " + t);
            t.printStackTrace();
            Runtime.getRuntime().halt(70);
        }
    }

    private void loop() {
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        while (running) {
            try {
                selector.select(SWEEP_NANOS / 1_000_000);
                wakeupPending.set(false);
                turn.lock();
                SocketChannel c;
                while ((c = adopted.poll()) != null) register(c);
                handleSelected();
                afterReading.run();
                writeReadyAnswers();
                if (!afterDeregistration.isEmpty()) {
                    selector.selectNow();
                    for (Runnable r : afterDeregistration) r.run();
                    afterDeregistration.clear();
                }
                long now = System.nanoTime();
                if (now >= nextSweep) {
                    for (SelectionKey k : selector.keys()) {
                        if (k.attachment() instanceof ClientSession s) s.expire(now, commitTimeoutMs);
                    }
                    writeReadyAnswers();
                    nextSweep = now + SWEEP_NANOS;
                }
                afterReading.run();
            } catch (IOException | RuntimeException e) {
                if (running) log.info("[node] client I/O loop " + thread.getName() + ": " + e);
            } finally {
                if (turn.isHeldByCurrentThread()) turn.unlock();
            }
        }
    }

    private void handleSelected() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            if (!k.isValid()) continue;
            if (k.attachment() instanceof ClientSession s) {
                try {
                    if (k.isWritable()) s.onWritable(scratch);
                    if (k.isValid() && k.isReadable() && !s.closed()) s.onReadable(readBuffer);
                } catch (IOException | CancelledKeyException e) {
                    // reset by the client or closed under us: nothing to report
                    s.close();
                }
            } else if (k.isAcceptable()) {
                acceptAll();
            }
        }
    }

    private void acceptAll() {
        try {
            SocketChannel c;
            while ((c = acceptor.accept()) != null) onAccept.accept(c);
        } catch (IOException e) {
            if (running) log.info("[node] accept failed: " + e.getMessage());
        }
    }

    private void register(SocketChannel c) {
        try {
            c.configureBlocking(false);
            SelectionKey k = c.register(selector, SelectionKey.OP_READ);
            k.attach(sessions.open(this, c, k));
        } catch (IOException e) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing
            }
            sessions.closed();
        }
    }

    /** Writes every session's ready answers (holding {@link #turn}); true if some session's interest set changed or it closed. */
    private boolean writeReadyAnswers() {
        boolean changed = false;
        ClientSession s;
        while ((s = answersReady.poll()) != null) {
            s.queued.set(false);
            int before = s.interestOps();
            try {
                s.writeAnswers(scratch);
            } catch (IOException | CancelledKeyException e) {
                s.close();
            }
            if (s.closed() || s.interestOps() != before) changed = true;
        }
        return changed;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof ClientSession s) s.close();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
