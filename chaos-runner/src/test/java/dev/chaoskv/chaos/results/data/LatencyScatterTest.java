package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyScatterTest {
    @Test
    void belowTheLimitEveryOperationIsAMarkGroupedByTypeAndOutcome() {
        OpTable t = new Ops().ok(1000, 2).ok(2000, 3).op(Fn.WRITE, Outcome.FAIL, 1500, 7).op(Fn.CAS, Outcome.INFO, 1600, -1).table();
        LatencyScatter.Scatter s = LatencyScatter.of(t, 10, 100, 10);
        assertFalse(s.aggregated());
        assertEquals(3, s.marks());
        assertEquals(3, s.completed());
        assertEquals(1, s.neverCompleted());
        assertEquals(2, s.groups().size());
        LatencyScatter.Group reads = s.groups().get(0);
        assertEquals(Fn.READ, reads.fn());
        assertEquals(Outcome.OK, reads.outcome());
        assertEquals(1.0, reads.marks().get(0).seconds(), 1e-9);
        assertEquals(2.0, reads.marks().get(0).ms(), 1e-9);
    }

    @Test
    void pastTheLimitOperationsAreAggregatedIntoCellsAndNoneIsLost() {
        Ops ops = new Ops();
        for (int i = 0; i < 1000; i++) ops.ok(i, 1.0 + (i % 2) * 0.001); // two latencies in the same 1/20-decade cell
        for (int i = 0; i < 500; i++) ops.ok(5000 + i, 100);
        LatencyScatter.Scatter s = LatencyScatter.of(ops.table(), 10, 100, 10);
        assertTrue(s.aggregated());
        long total = s.groups().stream().flatMap(g -> g.marks().stream()).mapToLong(LatencyScatter.Mark::count).sum();
        assertEquals(1500, total, "every operation is behind some mark");
        // 0..1 s at ~1 ms in column 0; 5..5.5 s at 100 ms in column 5: two cells
        assertEquals(2, s.marks());
        LatencyScatter.Mark first = s.groups().get(0).marks().get(0);
        assertEquals(1000, first.count());
        assertEquals(0.5, first.seconds(), 1e-9, "a cell's mark sits at its centre");
    }
}
