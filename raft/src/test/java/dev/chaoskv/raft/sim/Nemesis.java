package dev.chaoskv.raft.sim;

import java.util.Random;

/**
 * Chooses the faults of a run: crashes and restarts, two-way partitions, one-way cuts, isolating
 * the leader, and heals. Some faults aim at the leader on purpose, because the dangerous moments
 * in Raft are the ones right after a leader committed something only it and a few others know.
 */
final class Nemesis {
    private final Scheduler s;
    private final Random random;
    private final SimParams p;

    Nemesis(Scheduler s) {
        this.s = s;
        this.random = s.random;
        this.p = s.params;
    }

    void maybeInject() {
        if (random.nextDouble() < p.crashRate()) {
            SimNode victim = random.nextBoolean() ? s.currentLeader() : null;
            if (victim == null) victim = s.nodes.get(random.nextInt(p.nodes()));
            if (victim.up) s.crash(victim, "nemesis crash");
        }
        for (SimNode n : s.nodes) {
            // Restart after a random downtime; the delay lets the others elect a leader without it.
            if (!n.up && s.now - n.downSince > 2 && random.nextDouble() < 0.05) s.restart(n);
        }
        if (random.nextDouble() < p.partitionRate()) partition();
        if (random.nextDouble() < p.healRate()) heal();
    }

    private void partition() {
        int n = p.nodes();
        switch (random.nextInt(5)) {
            case 0 -> { // random two-way split
                boolean[] side = new boolean[n];
                for (int i = 0; i < n; i++) side[i] = random.nextBoolean();
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) if (a != b && side[a] != side[b]) s.setLink(a, b, true);
                }
                s.trace.add(s.now, "-", "PARTITION", java.util.Arrays.toString(side));
            }
            case 1 -> { // one directed link
                int a = random.nextInt(n);
                int b = (a + 1 + random.nextInt(n - 1)) % n;
                s.setLink(a, b, true);
            }
            case 2 -> { // isolate the leader both ways
                SimNode l = s.currentLeader();
                if (l != null) isolate(l.index, true, true);
            }
            case 3 -> { // a node that can send but not receive (or the reverse)
                boolean in = random.nextBoolean();
                isolate(random.nextInt(n), in, !in);
            }
            default -> isolate(random.nextInt(n), true, true);
        }
    }

    private void isolate(int x, boolean inbound, boolean outbound) {
        for (int o = 0; o < p.nodes(); o++) {
            if (o == x) continue;
            if (inbound) s.setLink(o, x, true);
            if (outbound) s.setLink(x, o, true);
        }
    }

    private void heal() {
        if (random.nextBoolean()) {
            healLinks();
        } else {
            int a = random.nextInt(p.nodes());
            int b = (a + 1 + random.nextInt(p.nodes() - 1)) % p.nodes();
            s.setLink(a, b, false);
        }
    }

    private void healLinks() {
        for (int a = 0; a < p.nodes(); a++) {
            for (int b = 0; b < p.nodes(); b++) if (a != b) s.setLink(a, b, false);
        }
    }

    /** The leader just applied a commit: crash it or cut it off before the others learn much. */
    void strikeLeaderAfterCommit(SimNode leader) {
        if (random.nextBoolean()) {
            s.crash(leader, "crash right after commit");
        } else {
            isolate(leader.index, true, true);
        }
    }

    /** End of the chaos phase: every link up, every node running. */
    void healEverything() {
        healLinks();
        for (SimNode n : s.nodes) if (!n.up) s.restart(n);
    }
}
