package dev.chaoskv.raft.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deterministic simulation of the Raft core over thousands of seeds (see docs/simulation.md).
 * {@code -Dsim.seeds=N} runs N seeds from {@code -Dsim.firstSeed} (default 1);
 * {@code -Dsim.seed=S} runs seed S alone.
 */
class RaftSimulationTest {
    static final String REPRO = "./mvnw -q -pl raft test -Dtest=RaftSimulationTest -Dsim.seed=";

    @Test
    void safetyAndLivenessAcrossSeeds() {
        String single = System.getProperty("sim.seed");
        long first = single != null ? Long.parseLong(single) : Long.getLong("sim.firstSeed", 1);
        long count = single != null ? 1 : Long.getLong("sim.seeds", 10_000);
        List<SimResult> failures = new ArrayList<>();
        long start = System.nanoTime();
        // CPU time of this thread: on a loaded machine the wall clock says little about the cost.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long three = 0, five = 0, committed = 0, terms = 0, reads = 0;
        for (long seed = first; seed < first + count; seed++) {
            SimResult r = Scheduler.run(SimParams.fromSeed(seed), REPRO + seed);
            if (r.params().nodes() == 3) three++; else five++;
            committed += r.committed();
            terms += r.terms();
            reads += r.readsServed();
            if (!r.ok()) {
                failures.add(r);
                if (failures.size() >= 20) break;
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        long cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        System.out.printf("simulation: %d seeds (%d with 3 nodes, %d with 5) in %d ms (%d ms CPU): %d committed entries, %d terms with a leader, %d linearizable reads served, %d failures%n",
                three + five, three, five, ms, cpuMs, committed, terms, reads, failures.size());
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sb.append(failures.size()).append(" failing seed(s): ");
            for (SimResult f : failures) sb.append(f.seed()).append(" (").append(f.invariant()).append(") ");
            sb.append("\nfirst failure:\n").append(failures.get(0).report());
            fail(sb.toString());
        }
    }
}
