package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.kvnode.state.ApplyResult;
import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client requests the event loop has taken on but not answered yet: writes waiting for their
 * entry to commit, and reads waiting for a read index to be confirmed and applied. Each request
 * is answered exactly once; a request whose outcome the node can no longer know is answered
 * TIMEOUT, never a definite failure. Used only on the event-loop thread.
 */
final class PendingRequests {

    private record PendingWrite(long term, CompletableFuture<Response> reply) {
    }

    private record PendingRead(String key, CompletableFuture<Response> reply, long deadlineNanos) {
    }

    private record ReadyRead(long index, long ctx) {
    }

    private final String nodeId;
    private final int commitTimeoutMs;
    private final long commitTimeoutNanos;
    private final KvState state;
    private final Map<Long, PendingWrite> writes = new HashMap<>();
    /** In arrival order, so the oldest deadline comes first. */
    private final LinkedHashMap<Long, PendingRead> reads = new LinkedHashMap<>();
    private final ArrayDeque<ReadyRead> readsWaitingForApply = new ArrayDeque<>();
    private long nextReadCtx = 1;

    PendingRequests(String nodeId, int commitTimeoutMs, KvState state) {
        this.nodeId = nodeId;
        this.commitTimeoutMs = commitTimeoutMs;
        this.commitTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs);
        this.state = state;
    }

    // ------------------------------------------------------------------ writes

    /** The write proposed at {@code lsn} in {@code term} is answered when that LSN is applied. */
    void awaitCommit(long lsn, long term, CompletableFuture<Response> reply) {
        writes.put(lsn, new PendingWrite(term, reply));
    }

    /** Answers the write waiting for {@code e}, if any, with the result of applying it. */
    void applied(Entry e, ApplyResult result) {
        PendingWrite pw = writes.remove(e.lsn());
        if (pw == null) return;
        if (pw.term() != e.term()) {
            // Our entry lost its place in the log to another leader's: it was never applied, but
            // we only say "unknown" for writes whose leader changed (the contract with the runner).
            pw.reply().complete(new Response.Timeout("leadership changed before LSN " + e.lsn() + " committed; outcome unknown"));
            return;
        }
        if (result instanceof ApplyResult.CasMismatch m) {
            pw.reply().complete(new Response.CasMismatch(m.lsn(), m.current()));
        } else {
            pw.reply().complete(new Response.Ok(e.lsn(), null));
        }
    }

    /** Knowingly unsafe mode: PUT/DELETE are acknowledged once the leader alone has them on disk. */
    void ackLocallyDurable(List<Entry> appended) {
        for (Entry e : appended) {
            PendingWrite pw = writes.get(e.lsn());
            if (pw != null && pw.term() == e.term() && e.type() != EntryType.CAS) {
                pw.reply().complete(new Response.Ok(e.lsn(), null));
            }
        }
    }

    /** The log was truncated after {@code lsn}: writes beyond it may or may not come back. */
    void failWritesAfter(long lsn) {
        writes.entrySet().removeIf(en -> {
            if (en.getKey() <= lsn) return false;
            en.getValue().reply().complete(new Response.Timeout("entry at LSN " + en.getKey() + " was replaced by a new leader's log; outcome unknown"));
            return true;
        });
    }

    // ------------------------------------------------------------------ reads

    /** A fresh context for a read index request. */
    long nextReadCtx() {
        return nextReadCtx++;
    }

    /** The read with context {@code ctx} waits for its read index, at most the commit timeout. */
    void awaitReadIndex(long ctx, String key, CompletableFuture<Response> reply) {
        reads.put(ctx, new PendingRead(key, reply, System.nanoTime() + commitTimeoutNanos));
    }

    /** The read with context {@code ctx} may be answered once the state has applied {@code index}. */
    void readIndexConfirmed(long index, long ctx) {
        readsWaitingForApply.add(new ReadyRead(index, ctx));
    }

    /** Answers the confirmed reads whose index the state has reached. */
    void serveAppliedReads() {
        while (!readsWaitingForApply.isEmpty() && readsWaitingForApply.peekFirst().index() <= state.appliedLsn()) {
            ReadyRead rr = readsWaitingForApply.pollFirst();
            PendingRead pr = reads.remove(rr.ctx());
            if (pr != null) pr.reply().complete(LocalRead.answer(state, pr.key()));
        }
    }

    /** A snapshot replaced the state: confirmed indexes no longer mean anything; the reads wait out their deadline. */
    void forgetConfirmedReads() {
        readsWaitingForApply.clear();
    }

    /** Answers TIMEOUT to the reads whose deadline passed by {@code nowNanos}. */
    void expireReads(long nowNanos) {
        Iterator<PendingRead> it = reads.values().iterator();
        while (it.hasNext()) {
            PendingRead pr = it.next();
            if (pr.deadlineNanos() > nowNanos) break;
            pr.reply().complete(new Response.Timeout("read not confirmed by the leader within " + commitTimeoutMs + " ms"));
            it.remove();
        }
    }

    // ------------------------------------------------------------------ both

    /** This node stopped leading: its writes' outcome is unknown, its reads go to {@code notLeader}. */
    void leadershipLost(Response notLeader) {
        for (PendingWrite pw : writes.values()) {
            pw.reply().complete(new Response.Timeout("node " + nodeId + " stopped being leader before the write committed; outcome unknown"));
        }
        writes.clear();
        for (PendingRead pr : reads.values()) pr.reply().complete(notLeader);
        reads.clear();
        readsWaitingForApply.clear();
    }
}
