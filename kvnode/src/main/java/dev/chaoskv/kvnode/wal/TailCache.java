package dev.chaoskv.kvnode.wal;

import dev.chaoskv.raft.log.Entry;

/**
 * The most recently appended entries in a ring indexed by LSN, bounded by count and bytes.
 * Applying just-committed entries and shipping them to followers that are only slightly behind
 * then never goes back to the file, nor re-checks CRCs and re-decodes.
 */
final class TailCache {
    private final Entry[] ring;
    private final long maxBytes;
    private long first = 1;
    private int count;
    private long bytes;

    TailCache(int capacityPowerOfTwo, long maxBytes) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        this.ring = new Entry[capacityPowerOfTwo];
        this.maxBytes = maxBytes;
    }

    private int slot(long lsn) {
        return (int) (lsn & (ring.length - 1));
    }

    /** Entries must continue the cached ones; a gap restarts the cache. */
    void add(Entry e) {
        if (count > 0 && e.lsn() != first + count) clear();
        if (count == 0) first = e.lsn();
        while (count > 0 && (count == ring.length || bytes + e.encodedSize() > maxBytes)) evictOldest();
        ring[slot(e.lsn())] = e;
        count++;
        bytes += e.encodedSize();
    }

    private void evictOldest() {
        int s = slot(first);
        bytes -= ring[s].encodedSize();
        ring[s] = null;
        first++;
        count--;
    }

    /** The entry at {@code lsn}, or null if it is not cached. */
    Entry get(long lsn) {
        return lsn >= first && lsn < first + count ? ring[slot(lsn)] : null;
    }

    boolean covers(long lsn) {
        return count > 0 && lsn >= first && lsn < first + count;
    }

    void truncateAfter(long lsn) {
        while (count > 0 && first + count - 1 > lsn) {
            int s = slot(first + count - 1);
            bytes -= ring[s].encodedSize();
            ring[s] = null;
            count--;
        }
    }

    void clear() {
        java.util.Arrays.fill(ring, null);
        count = 0;
        bytes = 0;
    }
}
