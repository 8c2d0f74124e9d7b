package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.nemesis.fault.Fault;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.nemesis.fault.KillMinority;
import dev.chaoskv.chaos.nemesis.fault.Partition;
import dev.chaoskv.chaos.nemesis.fault.PartitionHalves;
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

    /**
     * Schedules printed by the runner before faults became one class per kind: a seed must keep its
     * schedule for the same faults. ("all" has grown since: these were drawn from what it was then.)
     */
    @Test
    void aSeedKeepsItsScheduleByteForByte() {
        List<FaultKind> allBeforeLinkFaults = FaultKind.parse(List.of("partition", "kill", "pause", "latency"), 5);
        NemesisSchedule.Plan five = new NemesisSchedule.Plan(1, FIVE, allBeforeLinkFaults, Duration.ofSeconds(10),
                Duration.ofSeconds(180), 2, null);
        assertEquals("""
                  #1    5.0s ..   15.0s  pause-one: n5
                  #2   25.0s ..   35.0s  pause-leader: the leader
                  #3   45.0s ..   55.0s  kill-one: n3
                  #4   65.0s ..   75.0s  kill-minority: n2,n4
                  #5   85.0s ..   95.0s  pause-one: n1
                  #6  105.0s ..  115.0s  partition-ring (blackhole): majorities ring [n4, n2, n1, n3, n5]
                  #7  125.0s ..  135.0s  partition-leader (disconnect): isolate the leader
                  #8  145.0s ..  155.0s  partition-one-way (blackhole): the leader cannot send to its peers
                  #9  165.0s ..  175.0s  partition-halves (disconnect): halves [n4, n2] | [n3, n1, n5]
                """, NemesisSchedule.generate(five).render());
        NemesisSchedule.Plan seed5 = new NemesisSchedule.Plan(5, five.nodeIds(), five.kinds(), five.interval(),
                five.timeLimit(), five.maxFaulty(), null);
        assertEquals("""
                  #1    5.0s ..   15.0s  latency: 200 ms +/- 100 ms on every peer link
                  #2   25.0s ..   35.0s  partition-halves (disconnect): halves [n5, n4] | [n1, n3, n2]
                  #3   45.0s ..   55.0s  pause-leader: the leader
                  #4   65.0s ..   75.0s  partition-one (disconnect): isolate n3
                  #5   85.0s ..   95.0s  kill-minority: n4,n1
                  #6  105.0s ..  115.0s  pause-leader: the leader
                  #7  125.0s ..  135.0s  pause-one: n1
                  #8  145.0s ..  155.0s  partition-leader (disconnect): isolate the leader
                  #9  165.0s ..  175.0s  partition-bridge (disconnect): bridge n1 between [[n2, n4], [n5, n3]]
                """, NemesisSchedule.generate(seed5).render());
        NemesisSchedule.Plan all = new NemesisSchedule.Plan(1, FIVE, FaultKind.parse(List.of("all"), 5), five.interval(),
                five.timeLimit(), five.maxFaulty(), null);
        assertEquals("""
                  #1    5.0s ..   15.0s  latency: 100 ms +/- 50 ms on every peer link
                  #2   25.0s ..   35.0s  packet-loss: 20 % packet loss on every peer link of n5, both ways
                  #3   45.0s ..   55.0s  packet-loss: 50 % packet loss on every peer link of n2, both ways
                  #4   65.0s ..   75.0s  partition-bridge (blackhole): bridge n2 between [[n1, n4], [n3, n5]]
                  #5   85.0s ..   95.0s  pause-one: n4
                  #6  105.0s ..  115.0s  partition-halves (disconnect): halves [n1, n2] | [n4, n3, n5]
                  #7  125.0s ..  135.0s  slicer: 256 +/- 128 byte slices, 100 us apart on every peer link of n4, both ways
                  #8  145.0s ..  155.0s  kill-minority: n4,n5
                  #9  165.0s ..  175.0s  partition-ring (disconnect): majorities ring [n4, n3, n5, n1, n2]
                """, NemesisSchedule.generate(all).render());
        NemesisSchedule.Plan three = new NemesisSchedule.Plan(42, THREE, FaultKind.parse(List.of("partition", "kill"), 3),
                Duration.ofSeconds(10), Duration.ofSeconds(60), 1, null);
        assertEquals("""
                  #1    5.0s ..   15.0s  kill-one: n3
                  #2   25.0s ..   35.0s  kill-minority: n1
                  #3   45.0s ..   55.0s  kill-minority: n2
                """, NemesisSchedule.generate(three).render());
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
                if (f instanceof KillMinority k) assertEquals(2, k.nodes().size());
                if (f instanceof PartitionHalves p) assertEquals(2, p.halves().get(0).size());
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
        assertTrue(s.windows().stream().allMatch(w -> ((Partition) w.fault()).mode() == CutMode.DISCONNECT));
    }

    @Test
    void noKindsNoWindows() {
        assertTrue(NemesisSchedule.generate(plan(1, THREE, List.of(), 1)).windows().isEmpty());
    }
}
