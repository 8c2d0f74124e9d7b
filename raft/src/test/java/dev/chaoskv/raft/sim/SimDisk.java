package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.TermRuns;
import dev.chaoskv.raft.LogStore;
import dev.chaoskv.raft.Ready.HardState;

import java.util.ArrayList;
import java.util.List;

/**
 * The durable part of one simulated node: log entries after a snapshot base, the snapshot (the
 * applied entries up to the base, standing in for the key/value state), the hard state and a
 * state-machine checkpoint. It changes only when the driver writes a
 * {@link dev.chaoskv.raft.Ready} (or a torn prefix of one), compacts, or installs a
 * snapshot, so a crash keeps exactly this and loses everything else. It is also the
 * {@link LogStore} the core reads older entries from, as the WAL is in a node.
 */
final class SimDisk implements LogStore {
    /** Log entries up to {@code base} are gone; LSN {@code base} had term {@code baseTerm}. */
    private long base;
    private long baseTerm;
    /** The state-machine snapshot: the applied entries 1..snapshotLsn (at least the base). */
    private List<Entry> snapshot = List.of();
    private long snapshotLsn;
    private long snapshotTerm;
    /** Entry of LSN {@code base + i + 1} at index {@code i}. */
    private final ArrayList<Entry> entries = new ArrayList<>();
    private HardState hardState = new HardState(0, null);
    /** Applied LSN of the last state-machine checkpoint (at least the base); a restarted node resumes from it. */
    private long checkpoint;

    @Override
    public List<Entry> read(long from, long to, long maxBytes) {
        if (from <= base || to > lastLsn() || from > to) {
            // The core believes these LSNs are durable; if they are not, its persisted() bookkeeping is wrong.
            throw new InvariantViolation("Durable log", "core read LSNs " + from + ".." + to
                    + " from the store, which holds " + (base + 1) + ".." + lastLsn());
        }
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long lsn = from; lsn <= to; lsn++) {
            Entry e = entry(lsn);
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
        while (lastLsn() > lsn) entries.remove(entries.size() - 1);
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

    /** Keeps a snapshot of the applied entries up to {@code upTo} and drops log entries up to {@code newBase}. */
    void compact(List<Entry> applied, long upTo, long newBase) {
        long newBaseTerm = termAt(newBase);
        snapshot = List.copyOf(applied.subList(0, (int) upTo));
        snapshotLsn = upTo;
        snapshotTerm = termAt(upTo);
        entries.subList(0, (int) (newBase - base)).clear();
        base = newBase;
        baseTerm = newBaseTerm;
        checkpoint = Math.max(checkpoint, upTo);
    }

    /** A snapshot from the leader replaces log and state (what {@code installSnapshot} returning true asks for). */
    void install(List<Entry> state, long lsn, long term) {
        snapshot = List.copyOf(state);
        snapshotLsn = lsn;
        snapshotTerm = term;
        entries.clear();
        base = lsn;
        baseTerm = term;
        checkpoint = lsn;
    }

    long base() {
        return base;
    }

    /** The state-machine snapshot, for a restart or to send to a follower. */
    List<Entry> snapshot() {
        return snapshot;
    }

    long snapshotLsn() {
        return snapshotLsn;
    }

    long snapshotTerm() {
        return snapshotTerm;
    }

    long lastLsn() {
        return base + entries.size();
    }

    long lastTerm() {
        return termAt(lastLsn());
    }

    long termAt(long lsn) {
        if (lsn == base) return baseTerm;
        if (lsn < base) return -1;
        return entries.get((int) (lsn - base - 1)).term();
    }

    Entry entry(long lsn) {
        return entries.get((int) (lsn - base - 1));
    }

    HardState hardState() {
        return hardState;
    }

    long checkpoint() {
        return checkpoint;
    }

    void checkpoint(long applied) {
        checkpoint = Math.max(applied, snapshotLsn);
    }

    /** A fresh copy of the durable terms, as a restarted node rebuilds it from its WAL. */
    TermRuns termRuns() {
        TermRuns t = new TermRuns(base, baseTerm);
        for (Entry e : entries) t.append(e.lsn(), e.term());
        return t;
    }
}
