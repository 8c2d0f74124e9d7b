package dev.chaoskv.checker.linear;

/**
 * Stable sort of int indices by long keys, and search in sorted keys, without boxing
 * (histories have millions of events).
 */
final class IndexSort {
    private IndexSort() {
    }

    /** Returns 0..n-1 ordered by {@code keys[i]}, ties in index order. */
    static int[] order(long[] keys) {
        int n = keys.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (isSorted(keys)) {
            return idx; // the usual case for invocations, which arrive in time order
        }
        int[] tmp = new int[n];
        mergeSort(idx, tmp, 0, n, keys);
        return idx;
    }

    private static boolean isSorted(long[] keys) {
        for (int i = 1; i < keys.length; i++) {
            if (keys[i] < keys[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, long[] keys) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, keys);
        mergeSort(a, tmp, mid, to, keys);
        if (keys[a[mid - 1]] <= keys[a[mid]]) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && keys[tmp[i]] <= keys[tmp[j]])) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** Index of the last element of the sorted {@code keys} that is at most {@code bound}, or -1. */
    static int lastAtOrBefore(long[] keys, long bound) {
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
