package dev.chaoskv.checker.linear;

import java.util.Arrays;

/**
 * The set of (linearized operations, register state) configurations already explored, as an
 * open-addressing hash table. The caller supplies an incrementally maintained (Zobrist) hash of
 * the bit set, so a lookup costs one probe sequence plus, on a hash match, one array compare;
 * the bit set is copied only when a configuration is new. Every byte is charged to a
 * {@link MemoryBudget}.
 */
final class MemoTable {
    /** Thrown when the budget cannot cover another entry; the search turns it into "unknown". */
    static final class BudgetExhausted extends RuntimeException {
        BudgetExhausted() {
            super(null, null, false, false);
        }
    }

    private final MemoryBudget budget;
    private final long entryBytes;
    private long[] hashes;
    private int[] states;
    private long[][] sets;
    private int size;
    private int mask;
    private long reserved;
    private long used;

    MemoTable(int words, MemoryBudget budget) {
        this.budget = budget;
        // bit-set array (16-byte header + words) + its reference + hash + state, at load <= 1/2.
        this.entryBytes = 16 + 8L * words + 2 * (8 + 8 + 4);
        allocate(1 << 10);
    }

    private void allocate(int capacity) {
        charge(capacity * 20L);
        hashes = new long[capacity];
        states = new int[capacity];
        sets = new long[capacity][];
        mask = capacity - 1;
    }

    /** Adds the configuration unless present; returns true if it was new. */
    boolean addIfAbsent(long hash, int state, long[] bits) {
        int slot = (int) mix(hash) & mask;
        while (sets[slot] != null) {
            if (hashes[slot] == hash && states[slot] == state && Arrays.equals(sets[slot], bits)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        charge(entryBytes);
        hashes[slot] = hash;
        states[slot] = state;
        sets[slot] = bits.clone();
        if (++size * 2 > hashes.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldStates = states;
        long[][] oldSets = sets;
        allocate(oldHashes.length * 2);
        for (int i = 0; i < oldSets.length; i++) {
            if (oldSets[i] != null) {
                int slot = (int) mix(oldHashes[i]) & mask;
                while (sets[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                states[slot] = oldStates[i];
                sets[slot] = oldSets[i];
            }
        }
        used -= oldHashes.length * 20L;
    }

    private void charge(long bytes) {
        used += bytes;
        while (used > reserved) {
            long chunk = Math.max(MemoryBudget.CHUNK, used - reserved);
            if (!budget.tryReserve(chunk) && !budget.tryReserve(chunk = used - reserved)) {
                used -= bytes;
                throw new BudgetExhausted();
            }
            reserved += chunk;
        }
    }

    /** Returns everything reserved to the shared budget; the table must not be used afterwards. */
    void release() {
        budget.release(reserved);
        reserved = 0;
        used = 0;
        hashes = null;
        states = null;
        sets = null;
    }

    long bytesUsed() {
        return used;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
