package dev.chaoskv.chaos.results.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnsafeFlagsTest {
    @Test
    void unsafeModesAndAQuorumBelowAMajority() {
        assertEquals(2, UnsafeFlags.of(List.of("--quorum=1", "--unsafe-stale-reads"), 3).size());
        assertEquals(1, UnsafeFlags.of(List.of("--quorum", "2"), 5).size());
        assertEquals(List.of(), UnsafeFlags.of(List.of("--quorum=3", "--fsync=always"), 5));
        assertEquals("--quorum=1: a quorum of 1 is below a majority of 3 nodes (2); acknowledged writes can be lost",
                UnsafeFlags.of(List.of("--quorum=1"), 3).get(0));
    }
}
