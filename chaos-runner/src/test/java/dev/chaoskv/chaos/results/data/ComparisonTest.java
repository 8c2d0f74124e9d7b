package dev.chaoskv.chaos.results.data;

import dev.chaoskv.chaos.results.data.Comparison.Better;
import dev.chaoskv.chaos.results.data.Comparison.Figure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    @Test
    void deltasAndRegressionsBeyondTheThreshold() {
        List<Comparison.Row> rows = Comparison.compare(List.of(
                new Figure("p99", "ms", 100.0, 125.0, Better.LOWER, 0.5, true),     // +25 %: regression at 20 %
                new Figure("p50", "ms", 2.0, 2.3, Better.LOWER, 0.5, true),         // +15 %, and under the floor
                new Figure("ops/s", "ops/s", 200.0, 150.0, Better.HIGHER, 1, true), // -25 %: regression
                new Figure("lag", "", 100.0, 50.0, Better.LOWER, 10, true),         // better
                new Figure("faults", "", 5.0, 9.0, Better.NEITHER, 0, false)), 0.20, "mixed", "mixed");
        assertEquals(25.0, rows.get(0).delta(), 1e-9);
        assertEquals(0.25, rows.get(0).relative(), 1e-9);
        assertTrue(rows.get(0).regression());
        assertFalse(rows.get(1).regression());
        assertTrue(rows.get(2).regression());
        assertEquals(-0.25, rows.get(2).relative(), 1e-9);
        assertFalse(rows.get(3).regression());
        assertFalse(rows.get(4).regression());
    }

    @Test
    void aFloorKeepsNoiseFromCountingAndAZeroBaselineUsesIt() {
        List<Comparison.Row> rows = Comparison.compare(List.of(
                new Figure("unavailable", "s", 0.0, 0.5, Better.LOWER, 1, true),
                new Figure("unavailable", "s", 0.0, 3.0, Better.LOWER, 1, true)), 0.2, "mixed", "mixed");
        assertFalse(rows.get(0).regression());
        assertTrue(rows.get(1).regression());
        assertEquals(null, rows.get(1).relative());
    }

    @Test
    void otherWorkloadsMakeLoadBoundFiguresIncomparable() {
        List<Comparison.Row> rows = Comparison.compare(List.of(
                new Figure("p99", "ms", 10.0, 100.0, Better.LOWER, 0.5, true),
                new Figure("faults", "", 5.0, 5.0, Better.NEITHER, 0, false),
                new Figure("recovery kill-one", "s", null, 2.0, Better.LOWER, 1, true)), 0.2, "mixed", "register");
        assertFalse(rows.get(0).comparable());
        assertFalse(rows.get(0).regression());
        assertEquals("not comparable: workload mixed vs register", rows.get(0).note());
        assertTrue(rows.get(1).comparable());
        assertEquals("only in B", rows.get(2).note());
    }

    @Test
    void thresholdsArePercentages() {
        assertEquals(0.2, Comparison.parseThreshold("20%"), 1e-12);
        assertEquals(0.05, Comparison.parseThreshold("5 %"), 1e-12);
        assertEquals(0.3, Comparison.parseThreshold("0.3"), 1e-12);
        assertEquals("'abc' is not a percentage (e.g. 20%)", assertThrows(IllegalArgumentException.class, () -> Comparison.parseThreshold("abc")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Comparison.parseThreshold("-5%"));
    }
}
