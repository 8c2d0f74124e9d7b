package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerSecondTest {
    @Test
    void completionsFallInTheSecondTheyCompletedIn() {
        OpTable t = new Ops()
                .ok(100, 50)            // completes at 0.15 s -> second 0
                .ok(900, 200)           // completes at 1.1 s  -> second 1
                .op(Fn.WRITE, Outcome.FAIL, 1200, 10)
                .op(Fn.CAS, Outcome.INFO, 1500, 2000) // completes at 3.5 s
                .op(Fn.WRITE, Outcome.INFO, 1500, -1) // never completes: in no second
                .table();
        List<PerSecond.Bucket> b = PerSecond.of(t, 4);
        assertEquals(4, b.size());
        assertEquals(List.of(1, 1, 0, 0), b.stream().map(PerSecond.Bucket::ok).toList());
        assertEquals(List.of(0, 1, 0, 0), b.stream().map(PerSecond.Bucket::fail).toList());
        assertEquals(List.of(0, 0, 0, 1), b.stream().map(PerSecond.Bucket::info).toList());
        assertEquals(50, b.get(0).p99(), 1e-9);
        assertEquals(200, b.get(1).max(), 1e-9);
        assertTrue(Double.isNaN(b.get(2).p50()), "a second without ok completions has no latency");
    }

    @Test
    void perSecondPercentilesAreNearestRank() {
        Ops ops = new Ops();
        for (int i = 1; i <= 100; i++) ops.ok(0, i); // latencies 1..100 ms, all completing in second 0
        PerSecond.Bucket b = PerSecond.of(ops.table(), 1).get(0);
        assertEquals(50, b.p50(), 1e-9);
        assertEquals(95, b.p95(), 1e-9);
        assertEquals(99, b.p99(), 1e-9);
        assertEquals(100, b.max(), 1e-9);
    }

    @Test
    void percentilesOfFewValues() {
        double[] v = {3, 1, 2};
        double[] s = Percentiles.summary(v, 3);
        assertEquals(2, s[0]);
        assertEquals(3, s[2]);
        assertTrue(Double.isNaN(Percentiles.of(new double[0], 0, 50)));
        assertEquals(7, Percentiles.of(new double[]{7}, 1, 99.9));
    }
}
