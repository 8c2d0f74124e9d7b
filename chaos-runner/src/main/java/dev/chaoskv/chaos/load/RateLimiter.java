package dev.chaoskv.chaos.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Spreads operation starts evenly at {@code rate} per second across all workers (0 = no limit).
 * Each caller claims the next free slot; a late caller does not get a burst of back slots.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(System.nanoTime());

    public RateLimiter(double ratePerSecond) {
        this.intervalNanos = ratePerSecond <= 0 ? 0 : (long) (1e9 / ratePerSecond);
    }

    /** Waits for this caller's slot. */
    public void acquire() {
        if (intervalNanos == 0) return;
        long now = System.nanoTime();
        long slot;
        while (true) {
            long cur = next.get();
            slot = Math.max(cur, now);
            if (next.compareAndSet(cur, slot + intervalNanos)) break;
        }
        long wait = slot - now;
        if (wait > 0) LockSupport.parkNanos(wait);
    }
}
