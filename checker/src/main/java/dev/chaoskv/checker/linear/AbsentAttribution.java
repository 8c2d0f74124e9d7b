package dev.chaoskv.checker.linear;

import java.util.Arrays;

/**
 * "Absent" is the one value with many writers: the initial state and every delete (each delete
 * writes its own tombstone). When a key has deletes and operations that observed "absent",
 * which tombstone each observer saw is not recorded; this class guesses: a read of absent
 * goes to the latest-invoked tombstone that could precede it (and whose successor cas, if
 * any, it can precede); each cas from absent takes its own tombstone, the latest-invoked one
 * still free that could precede it. A guess that lets the sweep place every span proves the
 * key linearizable; a failed guess proves nothing, and the caller falls back.
 */
final class AbsentAttribution {
    /** How far back a read looks for a tombstone whose cas it can precede before giving up. */
    private static final int SCAN_LIMIT = 16;

    private AbsentAttribution() {
    }

    /** Adds the tombstone spans to {@code spans}; false if the guess failed. */
    static boolean addTombstoneSpans(ValueIndex index, ValueSpans spans, boolean[] reached) {
        KeyProblem p = index.p;
        int[] tombstones = tombstones(index);
        int t = tombstones.length;
        long[] call = new long[t];
        for (int i = 0; i < t; i++) {
            call[i] = tombstones[i] < 0 ? Long.MIN_VALUE : p.call[tombstones[i]];
        }
        int[] successorCas = new int[t];
        Arrays.fill(successorCas, -1);
        if (!assignCas(index, call, successorCas)) {
            return false;
        }
        int reads = index.readCount(0);
        int[] readTombstone = new int[reads];
        int[] readsPer = new int[t + 1];
        for (int r = 0; r < reads; r++) {
            int op = index.read(0, r);
            int i = lastAtOrBefore(call, p.ret[op]);
            int scanned = 0;
            while (i >= 0 && successorCas[i] >= 0 && p.ret[successorCas[i]] < p.call[op] && scanned++ < SCAN_LIMIT) {
                i--; // its cas completed before this read began, so the read cannot come before that cas
            }
            if (i < 0 || (successorCas[i] >= 0 && p.ret[successorCas[i]] < p.call[op])) {
                return false;
            }
            readTombstone[r] = i;
            readsPer[i + 1]++;
        }
        for (int i = 0; i < t; i++) {
            readsPer[i + 1] += readsPer[i];
        }
        int[] readsByTombstone = new int[reads];
        int[] fill = Arrays.copyOf(readsPer, t);
        for (int r = 0; r < reads; r++) {
            readsByTombstone[fill[readTombstone[r]]++] = index.read(0, r);
        }
        for (int i = 0; i < t; i++) {
            boolean used = readsPer[i + 1] > readsPer[i] || successorCas[i] >= 0;
            boolean acknowledged = tombstones[i] >= 0 && index.mustHappen[tombstones[i]];
            if (!used && !acknowledged) {
                continue; // the initial state nobody saw, or a crashed delete taken as never applied
            }
            spans.begin(tombstones[i] < 0);
            if (tombstones[i] >= 0) {
                spans.addWriter(tombstones[i]);
            }
            for (int k = readsPer[i]; k < readsPer[i + 1]; k++) {
                spans.addObserver(readsByTombstone[k]);
            }
            if (successorCas[i] >= 0) {
                spans.addWriter(successorCas[i]);
                spans.addChain(index, p.arg2[successorCas[i]], reached);
            }
        }
        return true;
    }

    /** The initial state (-1) and every delete, by invocation. */
    private static int[] tombstones(ValueIndex index) {
        int[] all = new int[1 + index.deletes.length + index.crashedDeletes.length];
        long[] call = new long[all.length];
        all[0] = -1;
        call[0] = Long.MIN_VALUE;
        int k = 1;
        for (int d : index.deletes) {
            call[k] = index.p.call[d];
            all[k++] = d;
        }
        for (int d : index.crashedDeletes) {
            call[k] = index.p.call[d];
            all[k++] = d;
        }
        int[] order = IndexSort.order(call);
        int[] sorted = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            sorted[i] = all[order[i]];
        }
        return sorted;
    }

    /** Each cas from absent, by completion, takes the latest-invoked free tombstone invoked before it completed. */
    private static boolean assignCas(ValueIndex index, long[] call, int[] successorCas) {
        KeyProblem p = index.p;
        int n = index.casCount(0);
        long[] ret = new long[n];
        for (int i = 0; i < n; i++) {
            ret[i] = p.ret[index.cas(0, i)];
        }
        // freeAtOrBefore[i]: the latest free tombstone at or before i (path-compressed), -1 if none
        int[] freeAtOrBefore = new int[call.length];
        for (int i = 0; i < call.length; i++) {
            freeAtOrBefore[i] = i;
        }
        for (int k : IndexSort.order(ret)) {
            int cas = index.cas(0, k);
            int i = find(freeAtOrBefore, lastAtOrBefore(call, p.ret[cas]));
            if (i < 0) {
                return false;
            }
            successorCas[i] = cas;
            freeAtOrBefore[i] = i - 1;
        }
        return true;
    }

    private static int find(int[] parent, int i) {
        int root = i;
        while (root >= 0 && parent[root] != root) {
            root = parent[root];
        }
        while (i >= 0 && parent[i] != i) {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }
        return root;
    }

    /** Index of the last element of the sorted {@code a} that is at most {@code bound}, or -1. */
    private static int lastAtOrBefore(long[] a, long bound) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
