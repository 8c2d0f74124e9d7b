package dev.chaoskv.raft;

/**
 * The last LSN of each Append sent to one follower and not yet acknowledged, oldest first, at
 * most {@code capacity} of them (etcd's tracker/inflights.go). A ring of longs that grows on
 * demand up to the capacity, so sending an Append allocates nothing.
 */
final class Inflights {
    private final int capacity;
    private long[] ring = new long[0];
    private int head;
    private int count;

    Inflights(int capacity) {
        this.capacity = capacity;
    }

    boolean full() {
        return count >= capacity;
    }

    int count() {
        return count;
    }

    void add(long lastLsn) {
        if (full()) throw new IllegalStateException("more than " + capacity + " Appends in flight");
        if (count == ring.length) grow();
        ring[(head + count) % ring.length] = lastLsn;
        count++;
    }

    /** An acknowledgement up to {@code lsn} frees every Append that ended at or before it. */
    void freeUpTo(long lsn) {
        while (count > 0 && ring[head] <= lsn) {
            head = (head + 1) % ring.length;
            count--;
        }
    }

    void reset() {
        head = 0;
        count = 0;
    }

    private void grow() {
        long[] bigger = new long[Math.min(capacity, Math.max(4, ring.length * 2))];
        for (int i = 0; i < count; i++) bigger[i] = ring[(head + i) % ring.length];
        ring = bigger;
        head = 0;
    }
}
