package dev.chaoskv.chaos.remote;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClockOffsetTest {
    @Test
    void offsetIsRemoteMinusTheMidpointOfTheRoundTrip() {
        ClockOffset c = ClockOffset.of("n1", 1_000, 1_250_000_000L, 1_100);
        assertEquals(200, c.offsetMs());
        assertEquals(100, c.rttMs());
        assertEquals("+200 ms (± 51 ms)", c.toString());
    }

    @Test
    void failsABoundOnlyWhenTheOffsetIsBeyondItWhateverTheRoundTrip() {
        assertTrue(ClockOffset.of("n1", 0, 1_200_000_000L, 400).within(1000), "1000 ± 200: could be within 1000");
        assertFalse(ClockOffset.of("n1", 0, 1_500_000_000L, 400).within(1000), "1300 ± 200: beyond 1000 however measured");
        assertFalse(ClockOffset.of("n1", 0, -1_500_000_000L, 400).within(1000), "a slow clock counts too");
    }

    @Test
    void parsesDateOutputAndRefusesAnythingElse() {
        assertEquals(1_764_460_000_123_456_789L, ClockOffset.parseDateNanos("1764460000123456789\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClockOffset.parseDateNanos("1764460000N\n"));
        assertEquals("'date +%s%N' printed '1764460000N', not epoch nanoseconds", e.getMessage());
    }
}
