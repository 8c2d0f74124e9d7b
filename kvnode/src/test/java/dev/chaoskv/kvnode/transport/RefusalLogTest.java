package dev.chaoskv.kvnode.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RefusalLogTest {
    private long now;
    private final List<String> lines = new ArrayList<>();
    private final RefusalLog refusals = new RefusalLog(lines::add, () -> now);

    @Test
    void aRepeatedRefusalIsLoggedOncePerQuietPeriodWithACount() {
        for (int i = 0; i < 5; i++) refusals.refused("10.0.0.9", "refused: wrong cluster");
        assertEquals(List.of("refused: wrong cluster"), lines);
        now += RefusalLog.QUIET_NANOS;
        refusals.refused("10.0.0.9", "refused: wrong cluster");
        assertEquals(List.of("refused: wrong cluster", "refused: wrong cluster (4 more times since it was last logged)"), lines);
    }

    @Test
    void anotherAddressOrAnotherReasonIsLoggedAtOnce() {
        refusals.refused("10.0.0.9", "refused: wrong cluster");
        refusals.refused("10.0.0.8", "refused: wrong cluster");
        refusals.refused("10.0.0.9", "refused: wrong secret");
        assertEquals(3, lines.size());
    }
}
