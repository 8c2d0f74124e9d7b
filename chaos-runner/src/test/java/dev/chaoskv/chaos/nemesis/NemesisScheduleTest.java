package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.network.CutMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NemesisScheduleTest {
    private static final List<String> THREE = List.of("n1", "n2", "n3");
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    private static NemesisSchedule.Plan plan(long seed, List<String> nodes, List<FaultKind> kinds, int maxFaulty) {
        return new NemesisSchedule.Plan(seed, nodes, kinds, Duration.ofSeconds(10), Duration.ofSeconds(300), maxFaulty, null);
    }

    @Test
    void sameSeedSameSchedule() {
        List<FaultKind> all = List.of(FaultKind.values());
        NemesisSchedule a = NemesisSchedule.generate(plan(42, FIVE, all, 2));
        NemesisSchedule b = NemesisSchedule.generate(plan(42, FIVE, all, 2));
        assertEquals(a, b);
        assertEquals(a.render(), b.render());
        assertNotEquals(a.render(), NemesisSchedule.generate(plan(43, FIVE, all, 2)).render());
    }

    @Test
    void windowsAlternateWithRecoveryAndStayWithinTheTimeLimit() {
        NemesisSchedule s = NemesisSchedule.generate(plan(1, THREE, FaultKind.parse(List.of("all"), 3), 1));
        assertEquals(15, s.windows().size()); // 5 s warm-up, then 10 s fault + 10 s recovery
        long prevEnd = 0;
        for (NemesisSchedule.Window w : s.windows()) {
            assertEquals(Duration.ofSeconds(10).toNanos(), w.endNanos() - w.startNanos());
            long gap = w.startNanos() - prevEnd;
            assertEquals(prevEnd == 0 ? Duration.ofSeconds(5).toNanos() : Duration.ofSeconds(10).toNanos(), gap);
            assertTrue(w.endNanos() <= Duration.ofSeconds(300).toNanos());
            prevEnd = w.endNanos();
        }
    }

    @Test
    void neverFaultsMoreThanMaxFaulty() {
        for (long seed = 0; seed < 50; seed++) {
            for (NemesisSchedule.Window w : NemesisSchedule.generate(plan(seed, FIVE, List.of(FaultKind.values()), 2)).windows()) {
                Fault f = w.fault();
                assertTrue(f.kind().faultyNodes(5, 2) <= 2, f.describe());
                if (f instanceof Fault.Kill k && k.kind() == FaultKind.KILL_MINORITY) assertEquals(2, k.nodes().size());
                if (f instanceof Fault.Partition p && p.kind() == FaultKind.PARTITION_HALVES) {
                    assertEquals(2, Topologies.halves(p.order()).get(0).size());
                }
            }
        }
        // With no node allowed to fail, only faults that keep every node in a majority remain.
        NemesisSchedule none = NemesisSchedule.generate(plan(3, THREE, List.of(FaultKind.values()), 0));
        assertTrue(none.windows().stream().allMatch(w -> w.fault().kind().faultyNodes(3, 0) == 0));
    }

    @Test
    void cutModeCanBeFixed() {
        NemesisSchedule s = NemesisSchedule.generate(new NemesisSchedule.Plan(9, THREE, List.of(FaultKind.PARTITION_ONE),
                Duration.ofSeconds(1), Duration.ofSeconds(60), 1, CutMode.DISCONNECT));
        assertTrue(s.windows().stream().allMatch(w -> ((Fault.Partition) w.fault()).mode() == CutMode.DISCONNECT));
    }

    @Test
    void noKindsNoWindows() {
        assertTrue(NemesisSchedule.generate(plan(1, THREE, List.of(), 1)).windows().isEmpty());
    }
}
