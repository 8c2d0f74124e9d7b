package dev.chaoskv.raft.sim;

import java.util.Random;

/**
 * Everything one simulated run depends on, derived from its seed alone, so that a failing seed
 * can be reproduced with nothing but {@code -Dsim.seed=N}. Each seed draws its own cluster size,
 * timer settings and fault intensities: a few thousand seeds then cover many corners (lossy vs.
 * clean networks, crash-heavy vs. partition-heavy runs, pipelined vs. synchronous disks) instead
 * of one corner many times.
 *
 * @param nodes               cluster size (3 or 5)
 * @param pipelinedDisk       the driver keeps stepping the core while Readies wait to be written
 *                            (group commit); otherwise each Ready is written before the next input
 * @param earlyLeaderSend     a leader's Appends leave before their Ready is durable (allowed by
 *                            {@code Ready} when it carries no hard state)
 * @param snapshotRate        chance per tick that a node snapshots its state and compacts its log,
 *                            keeping {@code snapshotRetain} entries before the snapshot point
 * @param fifoLinks           links keep order and lose only what is in flight when cut (TCP)
 * @param writeQuorum         0 for the safe default (a majority); the unsafe-mode tests set 1
 */
public record SimParams(long seed, int nodes, int electionTicks, int heartbeatTicks,
                        int followerTimeoutTicks, boolean preVote, boolean checkQuorum,
                        long maxAppendBytes, int maxInflight,
                        double dropRate, double dupRate, int maxDelay, double longDelayRate,
                        double crashRate, double tornWriteRate, double crashAfterCommitRate,
                        double partitionRate, double healRate, double proposeRate, double skipTickRate,
                        boolean pipelinedDisk, double persistRate, boolean earlyLeaderSend,
                        double snapshotRate, int snapshotRetain, boolean fifoLinks, int chaosTicks, int quietTicks, boolean unsafeElectAny, int writeQuorum) {

    /** Draws the parameters of run {@code seed}; the run itself uses a second stream of the same seed. */
    public static SimParams fromSeed(long seed) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        int nodes = r.nextInt(100) < 60 ? 3 : 5;
        int election = 8 + r.nextInt(8);
        int heartbeat = 1 + r.nextInt(3);
        int followerTimeout = election + r.nextInt(election);
        boolean preVote = r.nextInt(4) != 0;
        boolean checkQuorum = r.nextInt(4) != 0;
        // Small byte limits force Appends to be split, which exercises probing and inflight windows.
        long maxBytes = r.nextBoolean() ? 1 << 20 : 40 + r.nextInt(200);
        int maxInflight = 1 + r.nextInt(4);
        boolean lossy = r.nextInt(3) != 0;
        double drop = lossy ? r.nextDouble() * 0.2 : 0;
        double dup = lossy ? r.nextDouble() * 0.1 : 0;
        int maxDelay = 1 + r.nextInt(4);
        double longDelay = r.nextDouble() * 0.03;
        double crash = r.nextDouble() * 0.02;
        double torn = r.nextDouble() * 0.01;
        double crashAfterCommit = r.nextInt(3) == 0 ? r.nextDouble() * 0.05 : 0;
        double partition = r.nextDouble() * 0.03;
        double heal = 0.02 + r.nextDouble() * 0.05;
        double propose = 0.1 + r.nextDouble() * 0.5;
        double skipTick = r.nextDouble() * 0.1;
        boolean pipelined = r.nextBoolean();
        double persistRate = 0.3 + r.nextDouble() * 0.7;
        boolean early = r.nextBoolean();
        // Two thirds of the seeds take snapshots and compact their logs, so lagging followers need one.
        double snapshotRate = r.nextInt(3) != 0 ? 0.005 + r.nextDouble() * 0.05 : 0;
        int retain = r.nextInt(6);
        // A third of the seeds model TCP links: per-link order kept, nothing lost except what is in
        // flight when a link is cut, and every heal is a reconnect (a Hello).
        boolean fifo = r.nextInt(3) == 0;
        if (fifo) {
            drop = 0;
            dup = 0;
        }
        return new SimParams(seed, nodes, election, heartbeat, followerTimeout, preVote, checkQuorum,
                maxBytes, maxInflight, drop, dup, maxDelay, longDelay, crash, torn, crashAfterCommit,
                partition, heal, propose, skipTick, pipelined, persistRate, early, snapshotRate, retain,
                fifo, 400, 40 * election, false, 0);
    }

    /** Grants votes without the log up-to-date check (RaftConfig.unsafeElectAny). */
    public SimParams withUnsafeElectAny() {
        return new SimParams(seed, nodes, electionTicks, heartbeatTicks, followerTimeoutTicks, preVote, checkQuorum,
                maxAppendBytes, maxInflight, dropRate, dupRate, maxDelay, longDelayRate, crashRate, tornWriteRate,
                crashAfterCommitRate, partitionRate, healRate, proposeRate, skipTickRate, pipelinedDisk, persistRate,
                earlyLeaderSend, snapshotRate, snapshotRetain, fifoLinks, chaosTicks, quietTicks, true, writeQuorum);
    }

    /** Commits once {@code q} nodes hold an entry; with q below a majority this is knowingly unsafe. */
    public SimParams withWriteQuorum(int q, int clusterSize) {
        return new SimParams(seed, clusterSize, electionTicks, heartbeatTicks, followerTimeoutTicks, preVote, checkQuorum,
                maxAppendBytes, maxInflight, dropRate, dupRate, maxDelay, longDelayRate, crashRate, tornWriteRate,
                crashAfterCommitRate, partitionRate, healRate, proposeRate, skipTickRate, pipelinedDisk, persistRate,
                earlyLeaderSend, snapshotRate, snapshotRetain, fifoLinks, chaosTicks, quietTicks, unsafeElectAny, q);
    }

    public int effectiveWriteQuorum() {
        return writeQuorum > 0 ? writeQuorum : nodes / 2 + 1;
    }

    /** One line for failure messages. */
    public String describe() {
        return String.format("nodes=%d election=%d heartbeat=%d followerTimeout=%d preVote=%b checkQuorum=%b "
                        + "maxAppendBytes=%d maxInflight=%d drop=%.3f dup=%.3f maxDelay=%d crash=%.3f torn=%.3f "
                        + "crashAfterCommit=%.3f partition=%.3f pipelinedDisk=%b earlyLeaderSend=%b snapshot=%.3f retain=%d fifoLinks=%b unsafeElectAny=%b writeQuorum=%d",
                nodes, electionTicks, heartbeatTicks, followerTimeoutTicks, preVote, checkQuorum, maxAppendBytes,
                maxInflight, dropRate, dupRate, maxDelay, crashRate, tornWriteRate, crashAfterCommitRate, partitionRate,
                pipelinedDisk, earlyLeaderSend, snapshotRate, snapshotRetain, fifoLinks, unsafeElectAny, effectiveWriteQuorum());
    }
}
