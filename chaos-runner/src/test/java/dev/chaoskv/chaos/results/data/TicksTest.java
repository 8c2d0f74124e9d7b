package dev.chaoskv.chaos.results.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TicksTest {
    private static List<String> labels(List<Ticks.Tick> t) {
        return t.stream().map(Ticks.Tick::label).toList();
    }

    @Test
    void linearTicksAtRoundValues() {
        assertEquals(List.of("0", "50", "100", "150", "200"), labels(Ticks.linear(187.5, 4, "")));
        assertEquals(List.of("0", "0.5", "1", "1.5"), labels(Ticks.linear(1.2, 4, "")));
        assertEquals(List.of("0", "500", "1,000", "1,500"), labels(Ticks.linear(1061, 4, "")));
        assertEquals(300, Ticks.niceMax(201, 4));
        assertEquals(250, Ticks.niceMax(201, 5));
        assertEquals(1, Ticks.niceMax(0, 4));
    }

    @Test
    void timeTicksInSecondsAndMinutes() {
        assertEquals(List.of("0", "10 s", "20 s", "30 s", "40 s", "50 s", "1 min"), labels(Ticks.time(67.7, 12)).subList(0, 7));
        assertEquals("1 min 30 s", Ticks.seconds(90));
        assertEquals("2 min", Ticks.seconds(120));
        assertEquals("1 h 5 min", Ticks.seconds(3900));
        assertEquals("0.8 s", Ticks.seconds(0.75));
        assertEquals("50 s", Ticks.seconds(49.99));
    }

    @Test
    void millisecondsAndPercentiles() {
        assertEquals("2.05 ms", Ticks.millis(2.053119));
        assertEquals("108 ms", Ticks.millis(107.675));
        assertEquals("1.5 s", Ticks.millis(1500));
        assertEquals(List.of("0.1 ms", "1 ms", "10 ms", "100 ms", "1 s"), labels(Ticks.logMillis(-1, 3)));
        assertEquals(List.of("0 %", "90 %", "99 %", "99.9 %", "99.99 %", "99.999 %"), labels(Ticks.percentiles()));
    }
}
