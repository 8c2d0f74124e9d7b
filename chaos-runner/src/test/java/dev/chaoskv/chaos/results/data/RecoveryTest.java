package dev.chaoskv.chaos.results.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecoveryTest {
    private static final long S = 1_000_000_000L;

    /** Seconds with the given ok counts and p99s (ms). */
    private static List<PerSecond.Bucket> seconds(int[] ok, double[] p99) {
        List<PerSecond.Bucket> out = new ArrayList<>();
        for (int i = 0; i < ok.length; i++) out.add(new PerSecond.Bucket(i, ok[i], 0, 0, p99[i], p99[i], p99[i], p99[i]));
        return out;
    }

    private static FaultWindows.Window fault(String kind, double start, double end) {
        return new FaultWindows.Window(kind, "n1", (long) (start * S), (long) (end * S), List.of());
    }

    @Test
    void recoveredAtTheFirstWholeSecondBackWithinTwentyPercent() {
        //            0    1    2    3    4    5   6   7    8    9    10   11
        int[] ok = {100, 100, 100, 100, 100, 0,  0,  50,  85,  90,  100, 100};
        double[] p99 = {10, 10, 12, 10, 10, 0.0 / 0, 0.0 / 0, 40, 30, 14, 10, 10};
        // fault 5..7 s; second 7 has too little throughput, 8 too slow (30 ms > 1.2 * 12), 9 is back (90 >= 80, 14 <= 14.4)
        List<Recovery.Result> r = Recovery.of(seconds(ok, p99), List.of(fault("kill-leader", 5, 7)), 11 * S, 12 * S);
        assertEquals(2.0, r.get(0).seconds(), 1e-9);
    }

    @Test
    void aHealInsideASecondCountsFromTheNextWholeSecond() {
        int[] ok = {100, 100, 100, 0, 100, 100};
        double[] p99 = {5, 5, 5, 0.0 / 0, 5, 5};
        List<Recovery.Result> r = Recovery.of(seconds(ok, p99), List.of(fault("pause-one", 2.5, 3.25)), -1, 6 * S);
        assertEquals(0.75, r.get(0).seconds(), 1e-9);
    }

    @Test
    void notRecoveredBeforeTheNextFaultIsSaidSo() {
        int[] ok = {100, 100, 100, 10, 10, 10, 10, 10, 10, 10};
        double[] p99 = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
        List<Recovery.Result> r = Recovery.of(seconds(ok, p99),
                List.of(fault("partition-one", 2, 3), fault("kill-one", 6, 7)), 9 * S, 10 * S);
        assertNull(r.get(0).seconds());
        assertEquals("not recovered before the next fault at 6 s", r.get(0).note());
        // the seconds between the faults ran at 10 ops/s: not normal, so the second fault is measured against the first level (100)
        assertFalse(r.get(1).recovered());
        assertEquals("not recovered before the load ended", r.get(1).note());
    }

    @Test
    void aFaultAtTheVeryStartHasNoBaseline() {
        int[] ok = {0, 100, 100};
        double[] p99 = {0.0 / 0, 5, 5};
        List<Recovery.Result> r = Recovery.of(seconds(ok, p99), List.of(fault("kill-one", 0.2, 0.8)), -1, 3 * S);
        assertEquals("no fault-free second before it to compare with", r.get(0).note());
    }

    @Test
    void perKindFigures() {
        FaultWindows.Window a = fault("kill-one", 1, 2), b = fault("kill-one", 3, 4), c = fault("pause-one", 5, 6);
        Map<String, Recovery.ByKind> k = Recovery.byKind(List.of(new Recovery.Result(a, 1.0, ""), new Recovery.Result(b, 3.0, ""),
                new Recovery.Result(c, null, "not recovered before the load ended")));
        assertEquals(new Recovery.ByKind(2, 2, 3.0, 2.0), k.get("kill-one"));
        assertEquals(new Recovery.ByKind(1, 0, null, null), k.get("pause-one"));
    }
}
