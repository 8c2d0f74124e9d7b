package dev.chaoskv.toxiproxy.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's I/O threads: a fixed number of {@link EventLoop}s that connections are spread
 * over round-robin, so the number of threads does not grow with the number of connections.
 */
public final class EventLoopGroup implements AutoCloseable {
    /** System property that overrides the number of I/O threads (for benchmarks). */
    static final String THREADS_PROPERTY = "toxiproxy.ioThreads";

    private final List<EventLoop> loops = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public EventLoopGroup(String namePrefix, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("I/O threads must be at least 1, got " + threads);
        }
        for (int i = 1; i <= threads; i++) {
            loops.add(new EventLoop(namePrefix + i));
        }
    }

    /**
     * One loop per processor, at most four. Measured on 2 cores (docs/BENCHMARKS.md): two
     * loops carried 9-12 % more round trips than one, and more than two carried fewer.
     */
    public static int defaultThreads() {
        String override = System.getProperty(THREADS_PROPERTY);
        if (override != null) {
            int n;
            try {
                n = Integer.parseInt(override.trim());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException("-D" + THREADS_PROPERTY + " must be a whole number of at least 1, got \"" + override + "\"");
            }
            return n;
        }
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** CPU time all I/O threads have used: what proxying costs, for benchmarks. */
    public long cpuNanos() {
        return loops.stream().mapToLong(EventLoop::cpuNanos).sum();
    }

    EventLoop next() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    @Override
    public void close() {
        loops.forEach(EventLoop::close);
    }
}
