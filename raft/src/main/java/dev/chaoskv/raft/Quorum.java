package dev.chaoskv.raft;

import java.util.Arrays;

/** Quorum arithmetic over one value per node (etcd's quorum/majority.go). */
final class Quorum {
    private Quorum() {
    }

    /** Nodes that make a majority of {@code nodes}: any two majorities share a node. */
    static int majority(int nodes) {
        return nodes / 2 + 1;
    }

    /**
     * The highest value that at least {@code quorum} of {@code values} reach: with match LSNs the
     * commit index, with acknowledged heartbeat sequences the last confirmed round. Sorts
     * {@code values} in place (callers pass a scratch array, so nothing is allocated).
     */
    static long index(long[] values, int quorum) {
        Arrays.sort(values);
        return values[values.length - quorum];
    }
}
