package dev.chaoskv.raft;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InflightsTest {

    @Test
    void fullAtCapacityAndFreedByAcknowledgements() {
        Inflights in = new Inflights(3);
        in.add(5);
        in.add(9);
        assertFalse(in.full());
        in.add(12);
        assertTrue(in.full());
        assertThrows(IllegalStateException.class, () -> in.add(15));

        in.freeUpTo(4);
        assertEquals(3, in.count(), "an ack below the first Append frees nothing");
        in.freeUpTo(10);
        assertEquals(1, in.count(), "Appends ending at 5 and 9 are acknowledged, 12 is not");
        in.freeUpTo(12);
        assertEquals(0, in.count());
    }

    /** Many more Appends than the window over time: the ring wraps and grows without losing order. */
    @Test
    void keepsOrderAcrossWrapsAndGrowth() {
        Inflights in = new Inflights(10);
        long sent = 0, acked = 0;
        for (int round = 0; round < 50; round++) {
            while (!in.full()) in.add(++sent);
            acked += 1 + round % 7;
            in.freeUpTo(acked);
            assertEquals(sent - acked, in.count(), "round " + round);
        }
    }

    @Test
    void resetForgetsEverything() {
        Inflights in = new Inflights(2);
        in.add(1);
        in.add(2);
        in.reset();
        assertEquals(0, in.count());
        in.add(7);
        in.freeUpTo(6);
        assertEquals(1, in.count(), "nothing of before the reset is left to free");
    }
}
