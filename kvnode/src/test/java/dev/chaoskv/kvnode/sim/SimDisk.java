package dev.chaoskv.kvnode.sim;

import dev.chaoskv.kvnode.log.Entry;
import dev.chaoskv.kvnode.log.TermRuns;
import dev.chaoskv.kvnode.raft.LogStore;
import dev.chaoskv.kvnode.raft.Ready.HardState;

import java.util.ArrayList;
import java.util.List;

/**
 * The durable part of one simulated node: log entries, hard state and a state-machine
 * checkpoint. It changes only when the driver writes a {@link dev.chaoskv.kvnode.raft.Ready}
 * (or a torn prefix of one), so a crash keeps exactly this and loses everything else.
 * It is also the {@link LogStore} the core reads older entries from, as the WAL is in a node.
 */
final class SimDisk implements LogStore {
    /** Entry of LSN {@code i + 1} at index {@code i}. */
    private final ArrayList<Entry> entries = new ArrayList<>();
    private HardState hardState = new HardState(0, null);
    /** Applied LSN of the last state-machine checkpoint; a restarted node resumes from it. */
    private long checkpoint;

    @Override
    public List<Entry> read(long from, long to, long maxBytes) {
        if (from < 1 || to > lastLsn() || from > to) {
            // The core believes these LSNs are durable; if they are not, its persisted() bookkeeping is wrong.
            throw new InvariantViolation("Durable log", "core read LSNs " + from + ".." + to
                    + " from the store, which holds 1.." + lastLsn());
        }
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long lsn = from; lsn <= to; lsn++) {
            Entry e = entries.get((int) (lsn - 1));
            out.add(e);
            bytes += e.encodedSize();
            if (bytes >= maxBytes) break;
        }
        return out;
    }

    void writeHardState(HardState hs) {
        if (hs.term() < hardState.term()) {
            throw new InvariantViolation("Hard state", "term went back from " + hardState.term() + " to " + hs.term());
        }
        if (hs.term() == hardState.term() && hardState.votedFor() != null && !hardState.votedFor().equals(hs.votedFor())) {
            throw new InvariantViolation("Hard state", "vote of term " + hs.term() + " changed from "
                    + hardState.votedFor() + " to " + hs.votedFor());
        }
        hardState = hs;
    }

    void truncateAfter(long lsn) {
        if (lsn < 0) return;
        if (lsn < checkpoint) {
            throw new InvariantViolation("Durable log", "truncation after LSN " + lsn
                    + " cuts applied (checkpointed) entries up to " + checkpoint);
        }
        while (entries.size() > lsn) entries.remove(entries.size() - 1);
    }

    void append(Entry e) {
        if (e.lsn() != lastLsn() + 1) {
            throw new InvariantViolation("Durable log", "Ready appends " + e + " but the disk ends at LSN " + lastLsn());
        }
        if (e.term() < lastTerm()) {
            throw new InvariantViolation("Durable log", "Ready appends " + e + " after an entry of term " + lastTerm());
        }
        entries.add(e);
    }

    long lastLsn() {
        return entries.size();
    }

    long lastTerm() {
        return termAt(lastLsn());
    }

    long termAt(long lsn) {
        return lsn == 0 ? 0 : entries.get((int) (lsn - 1)).term();
    }

    Entry entry(long lsn) {
        return entries.get((int) (lsn - 1));
    }

    HardState hardState() {
        return hardState;
    }

    long checkpoint() {
        return checkpoint;
    }

    void checkpoint(long applied) {
        checkpoint = applied;
    }

    /** A fresh copy of the durable terms, as a restarted node rebuilds it from its WAL. */
    TermRuns termRuns() {
        TermRuns t = new TermRuns(0, 0);
        for (Entry e : entries) t.append(e.lsn(), e.term());
        return t;
    }
}
