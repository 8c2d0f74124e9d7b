package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.log.Entry;

import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots in the simulation: nodes snapshot what they applied and compact their logs, and a
 * leader's snapshot requests become transfers that arrive a few ticks later or are lost. A
 * transfer stands for the whole chunked stream of a real node; its failure is reported to the
 * leader's core with {@code snapshotFailed}, its success ends in {@code installSnapshot}.
 */
final class SnapshotShipper {
    private final Scheduler s;
    private final List<SnapshotTransfer> transfers = new ArrayList<>();

    SnapshotShipper(Scheduler s) {
        this.s = s;
    }

    /** A snapshot on its way from a leader's driver to a follower's (chunks and acks in one piece). */
    private record SnapshotTransfer(long arriveAt, int from, int fromIncarnation, int to, long term, long lsn,
                                    long snapTerm, List<Entry> state) {
        @Override
        public String toString() {
            return "snapshot at LSN " + lsn + "@t" + snapTerm + " in term " + term + " to n" + (to + 1);
        }
    }

    /** The node snapshots what it applied and drops log entries up to a few before that point. */
    void take(SimNode n) {
        // A pipelined driver compacts only what the core knows to be durable: wait for the disk.
        if (!n.unwritten.isEmpty()) return;
        long upTo = n.lastApplied();
        long newBase = upTo - s.random.nextInt(s.params.snapshotRetain() + 1);
        if (newBase <= n.disk.base() || upTo > n.disk.lastLsn()) return;
        s.trace.add(s.now, n.id, "compact", "snapshot at LSN " + upTo + ", log now starts after LSN " + newBase);
        n.disk.compact(n.applied, upTo, newBase);
        n.core.compact(newBase);
        s.afterInput(n);
    }

    void start(SimNode leader, String peer) {
        SimDisk d = leader.disk;
        s.trace.add(s.now, leader.id, "snapshot", "requested for " + peer + ", have LSN " + d.snapshotLsn());
        if (d.snapshotLsn() == 0) {
            leader.core.snapshotFailed(peer);
            return;
        }
        transfers.add(new SnapshotTransfer(s.now + 1 + s.random.nextInt(5), leader.index, leader.incarnation, s.indexOf(peer),
                leader.core.term(), d.snapshotLsn(), d.snapshotTerm(), d.snapshot()));
    }

    void deliverDue() {
        if (transfers.isEmpty()) return;
        List<SnapshotTransfer> due = new ArrayList<>();
        transfers.removeIf(t -> t.arriveAt() <= s.now && due.add(t));
        for (SnapshotTransfer t : due) {
            SimNode from = s.nodes.get(t.from());
            SimNode to = s.nodes.get(t.to());
            boolean senderAlive = from.up && from.incarnation == t.fromIncarnation();
            boolean lost = !to.up || s.network.isCut(t.from(), t.to()) || (!s.quiet && s.random.nextDouble() < s.params.dropRate());
            if (lost || !senderAlive) {
                s.trace.add(s.now, to.id, "snap-lost", t);
                if (senderAlive) {
                    from.core.snapshotFailed(to.id);
                    s.afterInput(from);
                }
                continue;
            }
            // The receiving driver installs in order: earlier Readies are written first.
            while (to.up && !to.unwritten.isEmpty()) s.finishWrite(to, to.unwritten.pollFirst());
            if (!to.up) continue;
            boolean install = to.core.installSnapshot(from.id, t.term(), t.lsn(), t.snapTerm());
            s.trace.add(s.now, to.id, install ? "install" : "snap-skip", t);
            if (install) {
                s.invariants.onSnapshotInstalled(to, t.state(), t.lsn());
                to.disk.install(t.state(), t.lsn(), t.snapTerm());
                to.applied.clear();
                to.applied.addAll(t.state());
            }
            s.afterInput(to);
        }
    }
}
