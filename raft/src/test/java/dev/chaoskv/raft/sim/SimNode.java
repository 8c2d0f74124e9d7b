package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.RaftConfig;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One simulated server: a {@link RaftCore} (volatile: gone on a crash), its {@link SimDisk}
 * (durable) and the entries its state machine applied. It knows how to write a Ready to its
 * disk; when to do it, and what to do with the messages, is the scheduler's business.
 */
final class SimNode {
    final int index;
    final String id;
    final RaftConfig config;
    final SimDisk disk = new SimDisk();
    RaftCore core;
    boolean up = true;
    int incarnation;
    long downSince;
    /** Readies taken from the core but not yet written (pipelined disks only). Lost on a crash. */
    final ArrayDeque<Unwritten> unwritten = new ArrayDeque<>();
    /** The state machine: entries applied in order; index {@code i} holds LSN {@code i + 1}. */
    final ArrayList<Entry> applied = new ArrayList<>();
    /** Highest commit LSN the current incarnation reported; commit must never go back. */
    long lastCommitSeen;

    /** A Ready waiting for the disk; {@code appendsSent} when its leader Appends already left. */
    record Unwritten(Ready ready, boolean appendsSent) {
    }

    SimNode(int index, RaftConfig config, long coreSeed) {
        this.index = index;
        this.id = config.id();
        this.config = config;
        this.core = new RaftCore(config, disk, disk.termRuns(), disk.hardState(), 0, coreSeed);
    }

    /** Step 1 and 2 of a Ready: make it durable, then tell the core how far the log is durable. */
    void write(Ready r) {
        if (r.hardState() != null) disk.writeHardState(r.hardState());
        disk.truncateAfter(r.truncateAfter());
        for (Entry e : r.append()) disk.append(e);
        if (!r.append().isEmpty()) core.persisted(r.append().get(r.append().size() - 1).lsn());
    }

    /**
     * What survives of a Ready when the machine dies while writing it: the hard state maybe, then
     * the truncation maybe, then a prefix of the appended entries (a WAL is written in order).
     */
    void writeTorn(Ready r, Random random) {
        if (r.hardState() != null && random.nextBoolean()) disk.writeHardState(r.hardState());
        if (r.truncateAfter() >= 0) {
            if (random.nextBoolean()) return;
            disk.truncateAfter(r.truncateAfter());
        }
        int n = random.nextInt(r.append().size() + 1);
        for (int i = 0; i < n; i++) disk.append(r.append().get(i));
    }

    long lastApplied() {
        return applied.size();
    }

    void crash(long now) {
        up = false;
        core = null;
        unwritten.clear();
        downSince = now;
    }

    /**
     * Builds a new core from the disk alone. The state machine resumes from its checkpoint (or
     * from scratch), which is at most what this node truly applied, hence committed.
     */
    void restart(long coreSeed, boolean fromCheckpoint) {
        long resume = fromCheckpoint ? Math.max(disk.snapshotLsn(), Math.min(disk.checkpoint(), disk.lastLsn())) : disk.snapshotLsn();
        if (resume == disk.snapshotLsn()) {
            applied.clear();
            applied.addAll(disk.snapshot());
        } else {
            while (applied.size() > resume) applied.remove(applied.size() - 1);
        }
        disk.checkpoint(resume);
        core = new RaftCore(config, disk, disk.termRuns(), disk.hardState(), resume, coreSeed);
        up = true;
        incarnation++;
        lastCommitSeen = core.commitLsn();
    }

    /** The durable log as "lsn:term" runs, for failure reports. */
    String describeLog() {
        StringBuilder sb = new StringBuilder();
        if (disk.base() > 0) sb.append("snapshot..").append(disk.base()).append("@t").append(disk.termAt(disk.base())).append(' ');
        long runStart = disk.base() + 1;
        for (long lsn = runStart; lsn <= disk.lastLsn() + 1; lsn++) {
            if (lsn == disk.lastLsn() + 1 || (lsn > runStart && disk.termAt(lsn) != disk.termAt(runStart))) {
                if (lsn > runStart) {
                    sb.append(runStart).append("..").append(lsn - 1).append("@t").append(disk.termAt(runStart)).append(' ');
                }
                runStart = lsn;
            }
        }
        return sb.toString().trim();
    }

    List<Entry> tail(int n) {
        List<Entry> out = new ArrayList<>();
        for (long lsn = Math.max(disk.base() + 1, disk.lastLsn() - n + 1); lsn <= disk.lastLsn(); lsn++) out.add(disk.entry(lsn));
        return out;
    }
}
