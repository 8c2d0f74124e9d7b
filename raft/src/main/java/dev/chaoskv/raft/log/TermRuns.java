package dev.chaoskv.raft.log;

import java.util.Arrays;

/**
 * The term of every LSN in a log, stored as runs (first LSN of each term) because terms change
 * rarely: a million entries written in three terms cost three pairs. LSN {@code base} is the
 * last entry covered by a snapshot (or 0), whose term is {@code baseTerm}.
 */
public final class TermRuns {
    private long base;
    private long baseTerm;
    private long last;
    private long[] runStart = new long[8];
    private long[] runTerm = new long[8];
    private int runs;

    public TermRuns(long base, long baseTerm) {
        this.base = base;
        this.baseTerm = baseTerm;
        this.last = base;
    }

    /** An independent copy (the consensus core keeps its own view of the log's terms). */
    public TermRuns copy() {
        TermRuns t = new TermRuns(base, baseTerm);
        t.last = last;
        t.runs = runs;
        t.runStart = Arrays.copyOf(runStart, runStart.length);
        t.runTerm = Arrays.copyOf(runTerm, runTerm.length);
        return t;
    }

    public long firstLsn() {
        return base + 1;
    }

    public long base() {
        return base;
    }

    public long lastLsn() {
        return last;
    }

    public long lastTerm() {
        return termAt(last);
    }

    /** Term of {@code lsn}, or -1 when the LSN is not in the log (before the base or after the end). */
    public long termAt(long lsn) {
        if (lsn == base) return baseTerm;
        if (lsn < base || lsn > last) return -1;
        int lo = 0, hi = runs - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (runStart[mid] <= lsn) lo = mid; else hi = mid - 1;
        }
        return runTerm[lo];
    }

    /** Records that {@code lsn} (which must be {@code lastLsn()+1}) has {@code term}. */
    public void append(long lsn, long term) {
        if (lsn != last + 1) throw new IllegalStateException("append of LSN " + lsn + " after " + last);
        if (runs == 0 || runTerm[runs - 1] != term) {
            if (runs > 0 && term < runTerm[runs - 1]) throw new IllegalStateException("term went back from " + runTerm[runs - 1] + " to " + term + " at LSN " + lsn);
            if (runs == runStart.length) {
                runStart = Arrays.copyOf(runStart, runs * 2);
                runTerm = Arrays.copyOf(runTerm, runs * 2);
            }
            runStart[runs] = lsn;
            runTerm[runs] = term;
            runs++;
        }
        last = lsn;
    }

    /** Forgets every LSN after {@code lsn}. */
    public void truncateAfter(long lsn) {
        if (lsn >= last) return;
        if (lsn < base) throw new IllegalStateException("truncate to " + lsn + " before log base " + base);
        while (runs > 0 && runStart[runs - 1] > lsn) runs--;
        last = lsn;
    }

    /** Forgets every LSN up to and including {@code newBase}, which becomes the base (after a snapshot). */
    public void compactTo(long newBase, long newBaseTerm) {
        if (newBase <= base) return;
        if (newBase >= last) {
            runs = 0;
            last = newBase;
        } else {
            int keep = 0;
            for (int i = 0; i < runs; i++) {
                long end = i + 1 < runs ? runStart[i + 1] - 1 : last;
                if (end > newBase) {
                    runStart[keep] = Math.max(runStart[i], newBase + 1);
                    runTerm[keep] = runTerm[i];
                    keep++;
                }
            }
            runs = keep;
        }
        base = newBase;
        baseTerm = newBaseTerm;
    }

    /** Forgets the whole log: it now starts after {@code newBase} (an installed snapshot). */
    public void resetTo(long newBase, long newBaseTerm) {
        runs = 0;
        base = newBase;
        baseTerm = newBaseTerm;
        last = newBase;
    }

    /**
     * The largest LSN at or below {@code lsn} whose term is at most {@code term} (Raft's fast
     * log back-off: a leader can skip a whole conflicting term in one round trip).
     */
    public long lastLsnWithTermAtMost(long lsn, long term) {
        lsn = Math.min(lsn, last);
        for (int i = runs - 1; i >= 0; i--) {
            if (runStart[i] > lsn) continue;
            if (runTerm[i] <= term) return lsn;
            lsn = runStart[i] - 1;
        }
        return Math.min(lsn, base);
    }
}
