package dev.chaoskv.raft;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.TermRuns;
import dev.chaoskv.raft.Message.Append;
import dev.chaoskv.raft.Message.AppendResp;
import dev.chaoskv.raft.Message.Heartbeat;
import dev.chaoskv.raft.Message.HeartbeatResp;
import dev.chaoskv.raft.Message.Hello;
import dev.chaoskv.raft.Message.ReadIndexReq;
import dev.chaoskv.raft.Message.ReadIndexResp;
import dev.chaoskv.raft.Message.Vote;
import dev.chaoskv.raft.Message.VoteResp;
import dev.chaoskv.raft.Ready.HardState;
import dev.chaoskv.raft.Ready.Outbound;
import dev.chaoskv.raft.Ready.ReadState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The replication and consensus logic of one node as a pure state machine (Raft with Pre-Vote,
 * CheckQuorum and ReadIndex). It has no sockets, threads, clocks or files: the driver feeds it
 * ticks, peer messages and client proposals, then takes a {@link Ready} that says what to
 * persist, what to send and what became committed. The same class runs in a real node and in
 * the deterministic simulation.
 *
 * <p>Log positions are LSNs starting at 1; LSN 0 (or the snapshot's LSN) is the empty prefix.
 */
public final class RaftCore {

    public enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER }

    /** Outcome of {@link #propose}: the entries got LSNs, or definitely were not appended. */
    public sealed interface ProposeResult {
        record Accepted(long firstLsn, long lastLsn, long term) implements ProposeResult {
        }

        record NotLeader(String leader) implements ProposeResult {
        }

        /** The leader knows that fewer than a quorum of nodes are reachable; nothing was appended. */
        record NoQuorum(int reachable, int needed) implements ProposeResult {
        }
    }

    private final RaftConfig cfg;
    private final Random random;
    /** Terms of the whole log as this node sees it: durable records plus the unstable tail. Appended and truncated through {@code unstable}. */
    private final TermRuns log;
    private final UnstableLog unstable;

    private long term;
    private String votedFor;
    private boolean hardStateDirty;
    private Role role = Role.FOLLOWER;
    private String leader;
    private long commit;
    private long handedOutForApply;

    private long now;
    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTimeout;
    private final ProgressTracker progress;
    private final Set<String> votesFor = new HashSet<>();
    private final Set<String> votesAgainst = new HashSet<>();
    private boolean needBroadcast;

    private long hbSeq;
    private final ReadIndexQueue pendingReads = new ReadIndexQueue();

    /** Our leader's connection to us closed: do not defend its lease against pre-votes until it is heard again. */
    private boolean leaderConnectionLost;
    private boolean catchingUp;
    private long catchUpReceived;
    /** This node lost log entries it may have acknowledged: no votes and no campaigns until it caught up with a leader. */
    private boolean abstaining;

    private final ArrayList<Outbound> messages = new ArrayList<>();
    private final ArrayList<ReadState> reads = new ArrayList<>();
    private final ArrayList<String> unreachable = new ArrayList<>();
    private final ArrayList<String> snapshotRequests = new ArrayList<>();
    private final ArrayList<String> events = new ArrayList<>();

    /**
     * @param durableTerms the terms of the durable log (a copy the core may change)
     * @param applied      LSN up to which the state machine already holds entries (known committed)
     */
    public RaftCore(RaftConfig cfg, LogStore store, TermRuns durableTerms, HardState hardState,
                    long applied, long seed) {
        this.cfg = cfg;
        this.random = new Random(seed);
        this.log = durableTerms;
        this.unstable = new UnstableLog(durableTerms, store);
        this.progress = new ProgressTracker(cfg.clusterSize(), cfg.replication().maxInflight());
        this.term = hardState.term();
        this.votedFor = hardState.votedFor();
        this.commit = Math.min(applied, log.lastLsn());
        this.handedOutForApply = this.commit;
        resetElectionTimer();
        if (cfg.elections().campaignAtStart() && cfg.elections().canCampaign()) {
            randomizedElectionTimeout = 0;
        }
    }

    /**
     * This node's log lost entries that it may have acknowledged (the operator cut its damaged
     * WAL short). Raft's safety rests on every vote vouching for a log that holds what its owner
     * acknowledged, so until this node has received a leader's whole log it grants no vote or
     * pre-vote and does not campaign. Its acknowledgements of appends still count: each one
     * reports entries it holds durably again.
     */
    public void abstainUntilCaughtUp() {
        abstaining = true;
        events.add("[raft] " + cfg.id() + " lost log entries it may have acknowledged: not voting or campaigning until it has caught up with a leader");
    }

    /** True while this node neither votes nor campaigns (see {@link #abstainUntilCaughtUp()}). */
    public boolean abstaining() {
        return abstaining;
    }

    // ------------------------------------------------------------------ inputs

    /** Advances logical time by one tick. */
    public void tick() {
        now++;
        if (role == Role.LEADER) {
            tickLeader();
        } else {
            electionElapsed++;
            if (cfg.elections().canCampaign() && !abstaining && electionElapsed >= randomizedElectionTimeout) {
                campaign(cfg.elections().preVote());
            }
        }
    }

    private void tickLeader() {
        heartbeatElapsed++;
        electionElapsed++;
        for (Map.Entry<String, Progress> e : progress.entries()) {
            Progress pr = e.getValue();
            if (pr.goOfflineIfSilent(now, cfg.timing().followerTimeoutTicks())) {
                unreachable.add(e.getKey());
                events.add("[leader] follower " + e.getKey() + " disconnected (no reply for "
                        + (now - pr.lastHeard()) + " ticks); leaving it out of shipping and quorum, retrying with backoff");
            }
        }
        if (electionElapsed >= cfg.timing().electionTicks()) {
            electionElapsed = 0;
            if (cfg.elections().checkQuorum()) {
                int active = progress.takeRecentlyActive();
                if (active < cfg.majority()) {
                    events.add("[raft] leader heard from only " + active + " of " + cfg.clusterSize()
                            + " nodes within an election timeout; stepping down (term " + term + ")");
                    becomeFollower(term, null);
                    return;
                }
            }
        }
        if (heartbeatElapsed >= cfg.timing().heartbeatTicks()) {
            heartbeatElapsed = 0;
            broadcastHeartbeat();
        }
    }

    /**
     * Appends client commands (their term/LSN fields are ignored and assigned here). Only a
     * leader that can reach a quorum accepts; otherwise nothing is appended.
     */
    public ProposeResult propose(List<Entry> commands) {
        if (role != Role.LEADER) return new ProposeResult.NotLeader(leader);
        int reachable = progress.reachable();
        if (reachable < cfg.replication().writeQuorum()) return new ProposeResult.NoQuorum(reachable, cfg.replication().writeQuorum());
        long first = log.lastLsn() + 1;
        List<Entry> placed = new ArrayList<>(commands.size());
        long lsn = first;
        for (Entry c : commands) placed.add(c.at(term, lsn++));
        unstable.append(placed);
        needBroadcast = true;
        return new ProposeResult.Accepted(first, lsn - 1, term);
    }

    /**
     * Asks to serve a linearizable read with context {@code ctx} (ReadIndex). The answer comes as
     * a {@link ReadState} in a later {@link Ready}: on a leader once a majority confirmed it still
     * leads, on a follower once the leader did so and told it the index to wait for. Returns
     * false if no leader is known.
     */
    public boolean readIndex(long ctx) {
        if (role == Role.LEADER) {
            leaderRead(null, ctx);
            return true;
        }
        if (role != Role.FOLLOWER || leader == null) return false;
        send(leader, new ReadIndexReq(cfg.id(), term, ctx));
        return true;
    }

    /**
     * A read under the leader-lease assumption: answered at once when a majority was heard from
     * within half an election timeout (clocks must not drift by more than that), else by ReadIndex.
     */
    public boolean readLease(long ctx) {
        if (role == Role.LEADER && log.termAt(commit) == term) {
            if (progress.heardWithin(now, cfg.timing().electionTicks() / 2) >= cfg.majority()) {
                reads.add(new ReadState(ctx, commit));
                return true;
            }
        }
        return readIndex(ctx);
    }

    private void leaderRead(String requester, long ctx) {
        if (log.termAt(commit) != term) {
            // The commit index of a new leader is only known once an entry of its term commits.
            pendingReads.awaitTermCommit(requester, ctx);
            return;
        }
        if (cfg.majority() == 1) {
            answerRead(requester, ctx, commit);
            return;
        }
        pendingReads.awaitAcks(requester, ctx, commit, hbSeq + 1);
    }

    private void answerRead(String requester, long ctx, long index) {
        if (requester == null) {
            reads.add(new ReadState(ctx, index));
        } else {
            send(requester, new ReadIndexResp(cfg.id(), term, ctx, index));
        }
    }

    /** The driver opened its outbound link to {@code peer}: introduce ourselves with where our log ends. */
    public void linkConnected(String peer) {
        send(peer, new Hello(cfg.id(), term, log.lastTerm(), log.lastLsn()));
        if (role != Role.LEADER && (leader == null || leader.equals(peer))) {
            catchingUp = true;
            catchUpReceived = 0;
            events.add("[catch-up] requesting records after LSN " + log.lastLsn() + " (hello to " + peer + ")");
        }
    }

    /**
     * The connection on which {@code peer} sends to us closed. If that peer is our leader it has
     * most likely died (a killed process's sockets close at once), so campaign soon instead of
     * after a whole election timeout: after one heartbeat interval (room for a leader that only
     * reconnects) plus a random share of half an election timeout (so followers do not collide).
     * A false alarm is harmless: Pre-Vote fails while the other followers still hear the leader.
     */
    public void peerConnectionLost(String peer) {
        if (role != Role.FOLLOWER || !peer.equals(leader)) return;
        leaderConnectionLost = true;
        if (!cfg.elections().canCampaign()) return;
        int remaining = cfg.timing().heartbeatTicks() + random.nextInt(Math.max(1, cfg.timing().electionTicks() / 2));
        electionElapsed = Math.max(electionElapsed, randomizedElectionTimeout - remaining);
    }

    /** The driver's link to {@code peer} broke: messages may have been lost, so probe again. */
    public void reportUnreachable(String peer) {
        Progress pr = progress.get(peer);
        if (role == Role.LEADER && pr != null) pr.linkBroke();
    }

    /** The snapshot transfer to {@code peer} failed; it will be retried when the peer is probed again. */
    public void snapshotFailed(String peer) {
        Progress pr = progress.get(peer);
        if (role == Role.LEADER && pr != null) pr.snapshotFailed(now + cfg.timing().electionTicks());
    }

    /**
     * The driver deleted log entries up to {@code newBase} (they are covered by a snapshot).
     * Followers that need them from now on get a snapshot instead.
     */
    public void compact(long newBase) {
        if (newBase <= log.base()) return;
        long durableCommitted = Math.min(unstable.persistedLsn(), commit);
        if (newBase > durableCommitted) {
            throw new IllegalStateException("cannot compact to LSN " + newBase + ": only " + durableCommitted + " is durable and committed");
        }
        log.compactTo(newBase, log.termAt(newBase));
    }

    /**
     * A complete, verified snapshot at (lsn, snapTerm) arrived from {@code from} in {@code term}.
     * Returns true if the driver must now install it (replace its WAL and state); the
     * acknowledgement to the leader goes out in the next {@link Ready}, after that.
     */
    public boolean installSnapshot(String from, long msgTerm, long lsn, long snapTerm) {
        if (msgTerm < term) return false;
        if (msgTerm > term || role != Role.FOLLOWER) becomeFollower(msgTerm, from);
        setLeader(from);
        electionElapsed = 0;
        if (lsn <= commit || log.termAt(lsn) == snapTerm) {
            // Everything in it is already committed here, or our log holds the snapshot's last
            // entry and so (Log Matching) all of it: keep the log. Dropping it would also drop
            // entries after the snapshot that this node may have acknowledged and the leader
            // counted towards a commit. Just tell the leader where we are.
            send(from, new AppendResp(cfg.id(), term, true, lsn, lsn, lsn));
            return false;
        }
        unstable.resetTo(lsn, snapTerm);
        commit = lsn;
        handedOutForApply = lsn;
        catchingUp = false;
        events.add("[catch-up] installed snapshot at LSN " + lsn + " (term " + snapTerm + ") from " + from);
        send(from, new AppendResp(cfg.id(), term, true, lsn, lsn, lsn));
        return true;
    }

    /** First LSN still in the log (earlier ones are only in a snapshot). */
    public long firstLsn() {
        return log.firstLsn();
    }

    /** The driver made the log durable up to {@code lsn}. */
    public void persisted(long lsn) {
        if (unstable.persisted(lsn) && role == Role.LEADER) maybeCommit();
    }

    public void step(Message m) {
        if (m instanceof Message.SnapshotChunk || m instanceof Message.SnapshotAck) return; // the drivers' business
        if (!cfg.peers().contains(m.from())) {
            events.add("[raft] ignoring " + m.getClass().getSimpleName() + " from unknown node " + m.from());
            return;
        }
        if (m.term() > term) {
            if (m instanceof Vote v) {
                if (inLease()) return; // a live leader exists: do not let a rejoining node disrupt it
                if (!v.preVote()) becomeFollower(m.term(), null);
            } else if (m instanceof VoteResp r && r.preVote() && r.granted()) {
                // a granted pre-vote carries the term we would campaign at, not a newer real term
            } else if (m instanceof Hello || m instanceof ReadIndexReq) {
                // not Raft RPCs: they change nothing about terms
            } else {
                becomeFollower(m.term(), m instanceof Append || m instanceof Heartbeat ? m.from() : null);
            }
        } else if (m.term() < term) {
            // Tell a stale leader or pre-candidate about the newer term so it steps back.
            if (m instanceof Append a) {
                send(a.from(), new AppendResp(cfg.id(), term, false, 0, a.prevLsn(), log.lastLsn()));
            } else if (m instanceof Heartbeat h) {
                send(h.from(), new HeartbeatResp(cfg.id(), term, h.seq()));
            } else if (m instanceof Vote v && v.preVote()) {
                send(v.from(), new VoteResp(cfg.id(), term, false, true));
            } else if (m instanceof Hello h) {
                onHello(h);
            }
            return;
        }
        if (m instanceof Hello h) onHello(h);
        else if (m instanceof Append a) onAppend(a);
        else if (m instanceof AppendResp r) onAppendResp(r);
        else if (m instanceof Heartbeat h) onHeartbeat(h);
        else if (m instanceof HeartbeatResp r) onHeartbeatResp(r);
        else if (m instanceof Vote v) onVote(v);
        else if (m instanceof VoteResp r) onVoteResp(r);
        else if (m instanceof ReadIndexReq r) {
            if (role == Role.LEADER) leaderRead(r.from(), r.ctx());
        } else if (m instanceof ReadIndexResp r) {
            if (role == Role.FOLLOWER && r.from().equals(leader)) reads.add(new ReadState(r.ctx(), r.index()));
        }
    }

    // ------------------------------------------------------------------ output

    /** Takes everything the driver must do now (see {@link Ready} for the order). */
    public Ready ready() {
        boolean readHeartbeat = pendingReads.takeHeartbeatWanted();
        if (role == Role.LEADER) {
            if (needBroadcast || readHeartbeat) {
                for (String p : cfg.peers()) sendAppends(p, true);
            }
            if (readHeartbeat) {
                broadcastHeartbeat();
            }
        }
        needBroadcast = false;

        HardState hs = hardStateDirty ? new HardState(term, votedFor) : null;
        hardStateDirty = false;
        List<Entry> toAppend = unstable.takeToWrite();
        long trunc = unstable.takeTruncate();
        List<Entry> committed = List.of();
        if (commit > handedOutForApply) {
            committed = unstable.read(handedOutForApply + 1, commit, 4L << 20);
            if (!committed.isEmpty()) handedOutForApply = committed.get(committed.size() - 1).lsn();
        }
        Ready r = new Ready(hs, trunc, toAppend, List.copyOf(messages), committed, List.copyOf(reads),
                List.copyOf(unreachable), List.copyOf(snapshotRequests), List.copyOf(events));
        messages.clear();
        reads.clear();
        unreachable.clear();
        snapshotRequests.clear();
        events.clear();
        return r;
    }

    // ------------------------------------------------------------------ state for status

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    public String leader() {
        return leader;
    }

    public String votedFor() {
        return votedFor;
    }

    public long commitLsn() {
        return commit;
    }

    public long lastLsn() {
        return log.lastLsn();
    }

    public long lastTerm() {
        return log.lastTerm();
    }

    public long termAt(long lsn) {
        return log.termAt(lsn);
    }

    /** Per-peer replication view (leader only; empty otherwise). */
    public List<PeerView> peers() {
        List<PeerView> out = new ArrayList<>();
        for (Map.Entry<String, Progress> e : progress.entries()) {
            Progress pr = e.getValue();
            out.add(new PeerView(e.getKey(), pr.online(), pr.match(), log.lastLsn() - pr.match()));
        }
        return out;
    }

    public record PeerView(String id, boolean online, long matchLsn, long lag) {
    }

    // ------------------------------------------------------------------ roles

    private void becomeFollower(long newTerm, String newLeader) {
        if (role == Role.LEADER) {
            events.add("[raft] " + cfg.id() + " stepping down from leader of term " + term
                    + (newTerm > term ? " (saw term " + newTerm + ")" : ""));
        }
        if (newTerm > term) {
            term = newTerm;
            votedFor = null;
            hardStateDirty = true;
        }
        role = Role.FOLLOWER;
        setLeader(newLeader);
        progress.clear();
        pendingReads.clear();
        electionElapsed = 0;
        resetElectionTimer();
    }

    private void setLeader(String newLeader) {
        leaderConnectionLost = false;
        if (newLeader != null && !newLeader.equals(leader) && !newLeader.equals(cfg.id())) {
            events.add("[raft] following leader " + newLeader + " in term " + term);
        }
        leader = newLeader;
    }

    private void campaign(boolean pre) {
        electionElapsed = 0;
        resetElectionTimer();
        votesFor.clear();
        votesAgainst.clear();
        votesFor.add(cfg.id());
        long campaignTerm;
        if (pre) {
            role = Role.PRE_CANDIDATE;
            campaignTerm = term + 1;
        } else {
            role = Role.CANDIDATE;
            term++;
            votedFor = cfg.id();
            hardStateDirty = true;
            campaignTerm = term;
            events.add("[raft] " + cfg.id() + " starting election for term " + term);
        }
        leader = null;
        if (votesFor.size() >= cfg.majority()) {
            if (pre) campaign(false); else becomeLeader();
            return;
        }
        for (String p : cfg.peers()) {
            send(p, new Vote(cfg.id(), campaignTerm, log.lastLsn(), log.lastTerm(), pre));
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leader = cfg.id();
        progress.reset(cfg.peers(), log.lastLsn() + 1, now);
        heartbeatElapsed = 0;
        electionElapsed = 0;
        events.add("[raft] " + cfg.id() + " became leader for term " + term + " (last LSN " + log.lastLsn() + ")");
        unstable.append(List.of(Entry.noop(term, log.lastLsn() + 1)));
        needBroadcast = true;
    }

    private boolean inLease() {
        return cfg.elections().checkQuorum() && leader != null && !leaderConnectionLost && electionElapsed < cfg.timing().electionTicks();
    }

    private void resetElectionTimer() {
        randomizedElectionTimeout = cfg.timing().electionTicks() + random.nextInt(cfg.timing().electionTicks());
    }

    // ------------------------------------------------------------------ message handlers

    private void onHello(Hello h) {
        if (role != Role.LEADER) return;
        Progress pr = progress.get(h.from());
        boolean reconnected = pr.heard(now);
        pr.helloReceived(h.lastLsn(), log.lastLsn());
        events.add("[leader] follower " + h.from() + (reconnected ? " reconnected" : " said hello")
                + ", sending catch-up after LSN " + (pr.next() - 1) + " (leader is at LSN " + log.lastLsn() + ")");
        sendAppends(h.from(), false);
    }

    private void onAppend(Append a) {
        if (role != Role.FOLLOWER) becomeFollower(term, a.from());
        setLeader(a.from());
        electionElapsed = 0;
        long prev = a.prevLsn();
        if (prev > log.lastLsn()) {
            send(a.from(), new AppendResp(cfg.id(), term, false, 0, prev, log.lastLsn()));
            return;
        }
        if (prev >= log.base() && log.termAt(prev) != a.prevTerm()) {
            long hint = log.lastLsnWithTermAtMost(prev - 1, a.prevTerm());
            send(a.from(), new AppendResp(cfg.id(), term, false, 0, prev, hint));
            return;
        }
        List<Entry> es = a.entries();
        int i = 0;
        while (i < es.size()) {
            Entry e = es.get(i);
            if (e.lsn() <= log.base()) {
                i++;
                continue;
            }
            if (e.lsn() > log.lastLsn()) break;
            if (log.termAt(e.lsn()) == e.term()) {
                i++;
                continue;
            }
            if (e.lsn() <= commit) {
                // Raft guarantees this never happens. It does with a quorum below a majority or
                // another unsafe setting: stop rather than silently rewrite committed history.
                throw new IllegalStateException("leader " + a.from() + " sent entry " + e + " conflicting with this node's committed LSN "
                        + commit + ": two leaders committed different histories (an unsafe setting such as --quorum below a majority, or a bug);"
                        + " stopping instead of rewriting committed entries");
            }
            unstable.truncateAfter(e.lsn() - 1);
            break;
        }
        if (i < es.size()) unstable.append(es.subList(i, es.size()));
        long lastNew = es.isEmpty() ? prev : Math.max(prev, es.get(es.size() - 1).lsn());
        long newCommit = Math.min(a.commit(), lastNew);
        if (newCommit > commit) commit = newCommit;
        send(a.from(), new AppendResp(cfg.id(), term, true, lastNew, prev, lastNew));
        if (abstaining && lastNew >= a.leaderLastLsn()) {
            // Everything the leader had is here, and a leader holds every committed entry.
            abstaining = false;
            events.add("[raft] caught up with leader " + a.from() + " to LSN " + lastNew + ": voting again");
        }
        if (catchingUp) {
            catchUpReceived += es.size() - i;
            if (log.lastLsn() >= a.leaderLastLsn()) {
                events.add("[catch-up] received " + catchUpReceived + " records, caught up to LSN " + log.lastLsn());
                catchingUp = false;
            }
        }
    }

    private void onAppendResp(AppendResp r) {
        if (role != Role.LEADER) return;
        Progress pr = heard(r.from());
        if (r.success()) {
            if (pr.acknowledged(r.matchLsn())) maybeCommit();
        } else if (!pr.rejected(r.rejectedPrevLsn(), r.hintLsn())) {
            return;
        }
        sendAppends(r.from(), false);
    }

    private void onHeartbeat(Heartbeat h) {
        if (role != Role.FOLLOWER) becomeFollower(term, h.from());
        setLeader(h.from());
        electionElapsed = 0;
        long c = Math.min(h.commit(), log.lastLsn());
        if (c > commit) commit = c;
        send(h.from(), new HeartbeatResp(cfg.id(), term, h.seq()));
    }

    private void onHeartbeatResp(HeartbeatResp r) {
        if (role != Role.LEADER) return;
        Progress pr = heard(r.from());
        boolean behind = pr.match() < log.lastLsn();
        pr.heartbeatAnswered(r.seq(), behind);
        if (pendingReads.hasAwaitingAcks()) {
            long acknowledged = progress.acknowledgedSeq(cfg.majority());
            for (ReadIndexQueue.PendingRead rd; (rd = pendingReads.pollConfirmed(acknowledged)) != null; ) {
                answerRead(rd.requester(), rd.ctx(), rd.index());
            }
        }
        if (behind) sendAppends(r.from(), false);
    }

    private void onVote(Vote v) {
        if (abstaining) {
            send(v.from(), new VoteResp(cfg.id(), term, false, v.preVote()));
            return;
        }
        boolean upToDate = cfg.elections().unsafeElectAny()
                || v.lastTerm() > log.lastTerm()
                || (v.lastTerm() == log.lastTerm() && v.lastLsn() >= log.lastLsn());
        if (v.preVote()) {
            boolean grant = v.term() > term && upToDate && !inLease();
            send(v.from(), new VoteResp(cfg.id(), grant ? v.term() : term, grant, true));
            return;
        }
        boolean canVote = v.from().equals(votedFor) || (votedFor == null && leader == null);
        boolean grant = canVote && upToDate;
        if (grant) {
            votedFor = v.from();
            hardStateDirty = true;
            electionElapsed = 0;
        }
        send(v.from(), new VoteResp(cfg.id(), term, grant, false));
    }

    private void onVoteResp(VoteResp r) {
        boolean counts = (role == Role.PRE_CANDIDATE && r.preVote()) || (role == Role.CANDIDATE && !r.preVote());
        if (!counts) return;
        (r.granted() ? votesFor : votesAgainst).add(r.from());
        if (votesFor.size() >= cfg.majority()) {
            if (role == Role.PRE_CANDIDATE) campaign(false); else becomeLeader();
        } else if (votesAgainst.size() >= cfg.majority()) {
            becomeFollower(term, null);
        }
    }

    private Progress heard(String peer) {
        Progress pr = progress.get(peer);
        if (pr.heard(now)) events.add("[leader] follower " + peer + " reconnected, sending catch-up after LSN " + pr.match());
        return pr;
    }

    // ------------------------------------------------------------------ replication

    private void sendAppends(String peer, boolean commitOnly) {
        Progress pr = progress.get(peer);
        // An offline follower gets heartbeats only; its answer to one brings it back online.
        if (pr == null || !pr.online()) return;
        boolean sent = false;
        while (!pr.paused()) {
            if (pr.mode() == Progress.Mode.REPLICATE && pr.next() > log.lastLsn()
                    && (sent || !commitOnly || pr.sentCommit() >= commit)) break;
            long prev = pr.next() - 1;
            long prevTerm = log.termAt(prev);
            if (prevTerm < 0) {
                if (!pr.becomeSnapshot(now)) return;
                snapshotRequests.add(peer);
                events.add("[leader] follower " + peer + " needs LSN " + pr.next() + " but the log starts at LSN "
                        + log.firstLsn() + "; sending it a snapshot");
                return;
            }
            List<Entry> es = pr.next() <= log.lastLsn() ? unstable.read(pr.next(), log.lastLsn(), cfg.replication().maxAppendBytes()) : List.of();
            send(peer, new Append(cfg.id(), term, prev, prevTerm, commit, log.lastLsn(), es));
            sent = true;
            if (!pr.sentAppend(es, commit, hbSeq)) break;
        }
    }

    private void broadcastHeartbeat() {
        hbSeq++;
        for (Map.Entry<String, Progress> e : progress.entries()) {
            send(e.getKey(), new Heartbeat(cfg.id(), term, Math.min(e.getValue().match(), commit), hbSeq));
        }
    }

    private void maybeCommit() {
        long candidate = progress.committedIndex(unstable.persistedLsn(), cfg.replication().writeQuorum());
        if (candidate > commit && log.termAt(candidate) == term) {
            commit = candidate;
            if (pendingReads.hasAwaitingTermCommit()) {
                for (ReadIndexQueue.PendingRead rd : pendingReads.takeAwaitingTermCommit()) leaderRead(rd.requester(), rd.ctx());
            }
            needBroadcast = true;
        }
    }

    private void send(String to, Message m) {
        messages.add(new Outbound(to, m));
    }
}
