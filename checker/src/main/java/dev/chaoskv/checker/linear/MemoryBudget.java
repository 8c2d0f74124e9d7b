package dev.chaoskv.checker.linear;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes the searches of all keys may hold in their memo tables together. Searches reserve in
 * chunks so the shared counter is touched rarely; a search that cannot reserve gives up with
 * "unknown" instead of running the JVM out of heap.
 */
public final class MemoryBudget {
    static final long CHUNK = 1L << 20;
    private final long limit;
    private final AtomicLong available;

    public MemoryBudget(long bytes) {
        this.limit = bytes;
        this.available = new AtomicLong(bytes);
    }

    public long limit() {
        return limit;
    }

    /** Takes {@code bytes} if that many are left. */
    boolean tryReserve(long bytes) {
        long left;
        do {
            left = available.get();
            if (left < bytes) {
                return false;
            }
        } while (!available.compareAndSet(left, left - bytes));
        return true;
    }

    void release(long bytes) {
        available.addAndGet(bytes);
    }
}
