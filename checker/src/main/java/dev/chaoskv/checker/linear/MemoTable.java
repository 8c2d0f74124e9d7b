package dev.chaoskv.checker.linear;

import java.util.Arrays;

/**
 * The set of (linearized operations, register state) configurations already explored, as an
 * open-addressing hash table. The caller supplies an incrementally maintained (Zobrist) hash of
 * the bit set, so a lookup costs one probe sequence plus, on a hash match, one array compare.
 * A linearized set is stored as (low, window): every operation below {@code low} is
 * linearized, and the window holds the bit words from low's word up to the highest linearized
 * operation; the window is copied only when a configuration is new. Every byte is charged to
 * a {@link MemoryBudget}.
 */
final class MemoTable {
    /** Thrown when the budget cannot cover another entry; the search turns it into "unknown". */
    static final class BudgetExhausted extends RuntimeException {
        BudgetExhausted() {
            super(null, null, false, false);
        }
    }

    private final MemoryBudget budget;
    private long[] hashes;
    private int[] states;
    private int[] lows;
    private long[][] sets;
    private int size;
    private int mask;
    private long reserved;
    private long used;

    /** Per slot: hash, state, low, window reference. */
    private static final long SLOT_BYTES = 8 + 4 + 4 + 8;

    MemoTable(MemoryBudget budget) {
        this.budget = budget;
        allocate(1 << 10);
    }

    private void allocate(int capacity) {
        charge(capacity * SLOT_BYTES);
        hashes = new long[capacity];
        states = new int[capacity];
        lows = new int[capacity];
        sets = new long[capacity][];
        mask = capacity - 1;
    }

    /**
     * Adds the configuration unless present; returns true if it was new. The linearized set is
     * {@code low} plus {@code bits[from, to)}.
     */
    boolean addIfAbsent(long hash, int state, int low, long[] bits, int from, int to) {
        int slot = (int) mix(hash) & mask;
        while (sets[slot] != null) {
            if (hashes[slot] == hash && states[slot] == state && lows[slot] == low
                    && Arrays.equals(sets[slot], 0, sets[slot].length, bits, from, to)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        // window array (16-byte header + words), at load <= 1/2 twice the slot cost
        charge(16 + 8L * (to - from) + SLOT_BYTES);
        hashes[slot] = hash;
        states[slot] = state;
        lows[slot] = low;
        sets[slot] = Arrays.copyOfRange(bits, from, to);
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
        int[] oldLows = lows;
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
                lows[slot] = oldLows[i];
                sets[slot] = oldSets[i];
            }
        }
        used -= oldHashes.length * SLOT_BYTES;
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
        lows = null;
        sets = null;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
