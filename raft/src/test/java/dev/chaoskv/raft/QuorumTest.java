package dev.chaoskv.raft;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuorumTest {

    @Test
    void majorityOfOddAndEvenClusters() {
        assertEquals(1, Quorum.majority(1));
        assertEquals(2, Quorum.majority(2));
        assertEquals(2, Quorum.majority(3));
        assertEquals(3, Quorum.majority(4));
        assertEquals(3, Quorum.majority(5));
    }

    @Test
    void commitIndexIsTheHighestLsnAQuorumHolds() {
        assertEquals(7, Quorum.index(new long[]{9, 3, 7}, 2), "two of three hold 7");
        assertEquals(3, Quorum.index(new long[]{9, 3, 7}, 3), "all three hold only 3");
        assertEquals(9, Quorum.index(new long[]{9, 3, 7}, 1), "one node: its own LSN");
        assertEquals(5, Quorum.index(new long[]{0, 5, 8, 5, 1}, 3), "three of five hold 5");
        assertEquals(1, Quorum.index(new long[]{0, 5, 8, 5, 1}, 4));
    }

    @Test
    void unordered() {
        assertEquals(4, Quorum.index(new long[]{4, 4, 2, 6, 0}, 3));
        assertEquals(Long.MAX_VALUE, Quorum.index(new long[]{Long.MAX_VALUE, 1, Long.MAX_VALUE}, 2));
    }
}
