package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raft's safety properties, checked incrementally so that they can run after every step of every
 * run. Each check throws {@link InvariantViolation} naming the property that broke.
 *
 * <ul>
 *   <li><b>Election Safety</b>: at most one leader per term, over the whole run.</li>
 *   <li><b>Log Matching</b>: two logs that hold the same (LSN, term) hold the same entry there and
 *       the same term just before it; by induction they then agree on every earlier entry. Checked
 *       for every entry a node writes durably, every entry a core hands out to be written and every
 *       entry a leader ships, against a run-wide map (LSN, term) -> (command, previous term).</li>
 *   <li><b>Leader Completeness</b>: an entry a node hands out as committed while in term T is in
 *       the log of every leader of a term above T, at the same LSN with the same term. Each
 *       leader's log is captured when it is first seen leading, and compared both ways: new
 *       leaders against known commits, new commits against known leaders.</li>
 *   <li><b>Linearizable read</b>: a ReadIndex answer (on a leader, or forwarded to a follower) is
 *       at least the highest LSN any node reported committed before the read was asked.</li>
 *   <li><b>State Machine Safety</b>: every node applies LSNs 1, 2, 3, ... in order and the
 *       applied sequences are prefixes of one run-wide sequence; also, no client value is
 *       committed twice or without having been proposed (Integrity).</li>
 * </ul>
 */
final class Invariants {
    private record LsnTerm(long lsn, long term) {
    }

    /** The first entry seen at an (LSN, term) and the term before it. Compared by content, not identity. */
    private record Slot(Entry entry, long prevTerm) {
        boolean matches(Entry e, long prev) {
            return prev == prevTerm && sameCommand(entry, e);
        }
    }

    private static final long IN_SNAPSHOT = -2;
    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    /** Terms of each leader's log (index = LSN) when it was first seen leading. */
    private final Map<Long, long[]> leaderLogAtElection = new HashMap<>();
    private final Map<LsnTerm, Slot> slots = new HashMap<>();

    /** The one committed sequence (entry at index LSN-1) and the lowest term a node held when it reported it. */
    private final ArrayList<Entry> committed = new ArrayList<>();
    private final ArrayList<Long> committedBound = new ArrayList<>();
    private final Set<String> committedValues = new HashSet<>();
    private final Set<String> proposedValues = new HashSet<>();
    /** Read context -> highest LSN known committed when the read was asked. */
    private final Map<Long, Long> readRequired = new HashMap<>();
    private long readsServed;

    // ---------------------------------------------------------------- Election Safety

    /** Called after every step for every running node. */
    void checkLeader(SimNode n) {
        RaftCore c = n.core;
        if (c.role() != RaftCore.Role.LEADER) return;
        String prev = leaderOfTerm.putIfAbsent(c.term(), n.id);
        if (prev == null) {
            onNewLeader(n);
        } else if (!prev.equals(n.id)) {
            throw new InvariantViolation("Election Safety", "two leaders in term " + c.term() + ": " + prev + " and " + n.id);
        }
    }

    // ---------------------------------------------------------------- Leader Completeness

    private void onNewLeader(SimNode n) {
        RaftCore c = n.core;
        long[] terms = new long[(int) c.lastLsn() + 1];
        // LSNs before the first one in the log are in the leader's snapshot, which holds its applied
        // (so committed, as checked on apply) entries: mark them present.
        for (long lsn = 1; lsn <= c.lastLsn(); lsn++) terms[(int) lsn] = lsn < c.firstLsn() ? IN_SNAPSHOT : c.termAt(lsn);
        leaderLogAtElection.put(c.term(), terms);
        for (int i = 0; i < committed.size(); i++) {
            if (committedBound.get(i) < c.term()) checkLeaderHas(c.term(), n.id, terms, i);
        }
    }

    private void checkLeaderHas(long leaderTerm, String leaderId, long[] terms, int i) {
        Entry want = committed.get(i);
        long have = want.lsn() < terms.length ? terms[(int) want.lsn()] : -1;
        if (have != want.term() && have != IN_SNAPSHOT) {
            throw new InvariantViolation("Leader Completeness", want + " = " + command(want) + " was committed by term "
                    + committedBound.get(i) + " but " + leaderId + " became leader of term " + leaderTerm + " with "
                    + (have < 0 ? "a log ending at LSN " + (terms.length - 1) : "term " + have + " at that LSN"));
        }
    }

    /** A node handed out {@code es} in {@code Ready.committed} while in {@code nodeTerm}. */
    void onCommitted(SimNode n, long nodeTerm, List<Entry> es) {
        for (Entry e : es) {
            int i = (int) e.lsn() - 1;
            if (i < committed.size()) {
                Entry known = committed.get(i);
                if (known != e && (known.term() != e.term() || !sameCommand(known, e))) {
                    throw new InvariantViolation("State Machine Safety", n.id + " commits " + e + " = " + command(e)
                            + " but " + known + " = " + command(known) + " was committed there before");
                }
                if (nodeTerm < committedBound.get(i)) {
                    committedBound.set(i, nodeTerm);
                    checkLeadersAbove(i);
                }
            } else if (i == committed.size()) {
                if (e.type() == EntryType.PUT) {
                    String v = new String(e.value(), StandardCharsets.UTF_8);
                    if (!proposedValues.contains(v)) {
                        throw new InvariantViolation("Integrity", n.id + " commits value " + v + " that no client proposed");
                    }
                    if (!committedValues.add(v)) {
                        throw new InvariantViolation("Integrity", n.id + " commits value " + v + " a second time, at " + e);
                    }
                }
                committed.add(e);
                committedBound.add(nodeTerm);
                checkLeadersAbove(i);
            } else {
                throw new InvariantViolation("State Machine Safety", n.id + " commits " + e
                        + " while only LSNs up to " + committed.size() + " are known committed by anyone (gap)");
            }
        }
    }

    private void checkLeadersAbove(int i) {
        long bound = committedBound.get(i);
        for (Map.Entry<Long, long[]> l : leaderLogAtElection.entrySet()) {
            if (l.getKey() > bound) checkLeaderHas(l.getKey(), leaderOfTerm.get(l.getKey()), l.getValue(), i);
        }
    }

    // ---------------------------------------------------------------- State Machine Safety

    void onApplied(SimNode n, Entry e) {
        if (e.lsn() != n.lastApplied() + 1) {
            throw new InvariantViolation("State Machine Safety", n.id + " applies " + e + " after LSN " + n.lastApplied());
        }
        int i = (int) e.lsn() - 1;
        Entry known = i < committed.size() ? committed.get(i) : null;
        if (known == null || (known != e && (known.term() != e.term() || !sameCommand(known, e)))) {
            throw new InvariantViolation("State Machine Safety", n.id + " applies " + e + " = " + command(e)
                    + " but the committed sequence has " + (known == null ? "nothing" : known + " = " + command(known)) + " there");
        }
    }

    /** Commit never goes back within one incarnation, and never runs past the log. */
    void checkCommit(SimNode n) {
        long c = n.core.commitLsn();
        if (c < n.lastCommitSeen) {
            throw new InvariantViolation("Commit monotonic", n.id + " commit went back from " + n.lastCommitSeen + " to " + c);
        }
        if (c > n.core.lastLsn()) {
            throw new InvariantViolation("Commit monotonic", n.id + " commit " + c + " is past its last LSN " + n.core.lastLsn());
        }
        n.lastCommitSeen = c;
    }

    // ---------------------------------------------------------------- Log Matching

    /** Entries {@code es} (consecutive) follow an entry of term {@code prevTerm} in {@code where}. */
    void onLogEntries(String where, long prevTerm, List<Entry> es) {
        long prev = prevTerm;
        for (Entry e : es) {
            LsnTerm key = new LsnTerm(e.lsn(), e.term());
            Slot known = slots.get(key);
            if (known == null) {
                slots.put(key, new Slot(e, prev));
            } else if (!known.matches(e, prev)) {
                throw new InvariantViolation("Log Matching", where + " has " + e + " = " + command(e) + " after term "
                        + prev + ", but another log has " + command(known.entry()) + " after term " + known.prevTerm()
                        + " at the same (LSN, term)");
            }
            prev = e.term();
        }
    }

    /** A snapshot a node installs must be the committed sequence up to its LSN. */
    void onSnapshotInstalled(SimNode n, List<Entry> state, long lsn) {
        if (state.size() != lsn) {
            throw new InvariantViolation("State Machine Safety", n.id + " installs a snapshot at LSN " + lsn + " holding " + state.size() + " entries");
        }
        for (int i = 0; i < state.size(); i++) {
            Entry e = state.get(i);
            Entry known = i < committed.size() ? committed.get(i) : null;
            if (known == null || (known != e && (known.term() != e.term() || !sameCommand(known, e)))) {
                throw new InvariantViolation("State Machine Safety", n.id + " installs a snapshot with " + e
                        + " but the committed sequence has " + known + " there");
            }
        }
    }

    // ---------------------------------------------------------------- linearizable reads

    /** ReadIndex {@code ctx} was asked for now: it must see everything committed so far. */
    void onReadRequested(long ctx) {
        readRequired.put(ctx, (long) committed.size());
    }

    void onReadServed(SimNode n, Ready.ReadState rs) {
        Long required = readRequired.get(rs.ctx());
        if (required == null) {
            throw new InvariantViolation("Linearizable read", n.id + " answers read " + rs.ctx() + " that nobody asked for");
        }
        readsServed++;
        if (rs.index() < required) {
            throw new InvariantViolation("Linearizable read", n.id + " serves read " + rs.ctx() + " at index " + rs.index()
                    + " but LSN " + required + " was committed before the read was asked");
        }
    }

    void onProposed(String value) {
        proposedValues.add(value);
    }

    long readsServed() {
        return readsServed;
    }

    long committedCount() {
        return committed.size();
    }

    Map<Long, String> leaders() {
        return leaderOfTerm;
    }

    static boolean sameCommand(Entry a, Entry b) {
        return a == b || (a.type() == b.type() && Arrays.equals(a.key(), b.key()) && Arrays.equals(a.value(), b.value()));
    }

    static String command(Entry e) {
        if (e.type() == EntryType.NOOP) return "noop@t" + e.term();
        return e.type() + " " + e.keyString() + "=" + new String(e.value(), StandardCharsets.UTF_8);
    }
}
