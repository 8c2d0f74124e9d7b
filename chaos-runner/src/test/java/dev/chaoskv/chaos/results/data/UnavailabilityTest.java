package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnavailabilityTest {
    private static final long S = 1_000_000_000L, MS = 1_000_000L;

    @Test
    void gapsOfAtLeastASecondBetweenOkCompletionsIncludingTheEdges() {
        OpTable t = new Ops()
                .ok(1200, 10)                                // ok at 1.21 s: 0..1.21 is a gap
                .ok(1500, 10)                                // ok at 1.51 s
                .op(Fn.WRITE, Outcome.FAIL, 2000, 10)        // failures do not count as available
                .op(Fn.WRITE, Outcome.INFO, 2100, 2000)
                .ok(2700, 300)                               // ok at 3.0 s: 1.51..3.0 is a gap (1.49 s)
                .ok(3400, 500)                               // ok at 3.9 s: 0.9 s, not a gap
                .table();
        List<Unavailability.Gap> g = Unavailability.of(t, 6 * S, Unavailability.DEFAULT_THRESHOLD_NANOS);
        assertEquals(List.of(new Unavailability.Gap(0, 1210 * MS), new Unavailability.Gap(1510 * MS, 3000 * MS),
                new Unavailability.Gap(3900 * MS, 6 * S)), g);
    }

    @Test
    void aSteadyRunHasNone() {
        Ops ops = new Ops();
        for (int i = 0; i < 100; i++) ops.ok(i * 100, 5);
        assertEquals(List.of(), Unavailability.of(ops.table(), 9_950 * MS, S));
    }
}
