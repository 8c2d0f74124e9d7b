package dev.chaoskv.raft;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.TermRuns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries the core appended that are not yet known durable, and what the driver still has
 * to write (etcd's log_unstable.go). Every append and truncation of the core's log goes through
 * here, so the terms it keeps ({@link TermRuns}, which the core reads directly) and the entries
 * to write never disagree. Each {@link Ready} hands out what changed since the last one; the
 * driver reports back with {@link #persisted(long)}.
 */
final class UnstableLog {
    private final TermRuns terms;
    private final LogStore store;
    /** Not yet durable; they start at {@code from}. */
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long from;
    /** How many of {@code entries} a {@link Ready} already handed to the driver to write. */
    private int handedOut;
    /** Written records after this LSN must be cut before the next append is written (-1: none). */
    private long pendingTruncate = -1;
    private long persisted;
    /**
     * One {lastLsn, validUpTo} per Ready whose append was handed out and not yet reported
     * persisted, oldest first. A driver that writes Readies while the core keeps stepping
     * (group commit) may report an old Ready persisted after a newer input truncated its
     * entries: only the part below every later truncation ({@code validUpTo}) is then durable.
     */
    private final ArrayDeque<long[]> handedOutWrites = new ArrayDeque<>();

    /** {@code terms}: the durable log's terms, which this log extends and the core reads. */
    UnstableLog(TermRuns terms, LogStore store) {
        this.terms = terms;
        this.store = store;
        this.persisted = terms.lastLsn();
        this.from = persisted + 1;
    }

    /** The log is durable up to this LSN. */
    long persistedLsn() {
        return persisted;
    }

    void append(List<Entry> es) {
        for (Entry e : es) {
            terms.append(e.lsn(), e.term());
            entries.add(e);
        }
    }

    /** Forgets every LSN after {@code after}; what the driver already wrote is cut by the next Ready. */
    void truncateAfter(long after) {
        boolean touchesWritten;
        if (after >= from - 1) {
            int keep = (int) (after - from + 1);
            entries.subList(keep, entries.size()).clear();
            touchesWritten = handedOut > keep;
            handedOut = Math.min(handedOut, keep);
        } else {
            entries.clear();
            from = after + 1;
            handedOut = 0;
            touchesWritten = true;
        }
        if (touchesWritten) {
            // Records the driver already wrote must be cut from the WAL before the new ones go in.
            pendingTruncate = pendingTruncate < 0 ? after : Math.min(pendingTruncate, after);
            persisted = Math.min(persisted, after);
        }
        for (long[] w : handedOutWrites) w[1] = Math.min(w[1], after);
        terms.truncateAfter(after);
    }

    /** An installed snapshot at ({@code lsn}, {@code term}) replaces the whole log; the driver wrote it. */
    void resetTo(long lsn, long term) {
        terms.resetTo(lsn, term);
        entries.clear();
        from = lsn + 1;
        handedOut = 0;
        pendingTruncate = -1;
        persisted = lsn;
    }

    /**
     * The driver made the Ready ending at {@code lsn} durable. Returns false if that changed
     * nothing (then the commit index cannot move either).
     */
    boolean persisted(long lsn) {
        for (long[] w : handedOutWrites) {
            if (w[0] != lsn) continue;
            while (handedOutWrites.peekFirst() != w) handedOutWrites.pollFirst();
            handedOutWrites.pollFirst();
            lsn = Math.min(lsn, w[1]);
            break;
        }
        lsn = Math.min(lsn, terms.lastLsn());
        if (lsn <= persisted && lsn < from) return false;
        int drop = (int) Math.min(entries.size(), lsn - from + 1);
        if (drop > 0) {
            entries.subList(0, drop).clear();
            from += drop;
            handedOut = Math.max(0, handedOut - drop);
        }
        persisted = Math.max(persisted, lsn);
        return true;
    }

    /** The entries appended since the last call, for a Ready to hand to the driver. */
    List<Entry> takeToWrite() {
        if (handedOut == entries.size()) return List.of();
        List<Entry> out = List.copyOf(entries.subList(handedOut, entries.size()));
        handedOut = entries.size();
        long last = out.get(out.size() - 1).lsn();
        handedOutWrites.addLast(new long[]{last, last});
        return out;
    }

    /** The LSN after which the driver must cut what it wrote before writing more (-1: nothing), once. */
    long takeTruncate() {
        long t = pendingTruncate;
        pendingTruncate = -1;
        return t;
    }

    /** Entries {@code from..to}: from the durable store, then from the unstable tail; at least one, then up to {@code maxBytes}. */
    List<Entry> read(long first, long to, long maxBytes) {
        List<Entry> out = new ArrayList<>();
        if (first < from) {
            try {
                out.addAll(store.read(first, Math.min(to, from - 1), maxBytes));
            } catch (IOException e) {
                throw new UncheckedIOException("reading log entries " + first + ".." + to, e);
            }
        }
        long bytes = 0;
        for (Entry e : out) bytes += e.encodedSize();
        long lsn = out.isEmpty() ? first : out.get(out.size() - 1).lsn() + 1;
        while (lsn <= to && lsn >= from && (out.isEmpty() || bytes < maxBytes)) {
            int idx = (int) (lsn - from);
            if (idx >= entries.size()) break;
            Entry e = entries.get(idx);
            out.add(e);
            bytes += e.encodedSize();
            lsn++;
        }
        return out;
    }
}
