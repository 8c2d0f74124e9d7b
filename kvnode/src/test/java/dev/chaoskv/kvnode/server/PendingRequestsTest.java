package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.raft.log.CasPayload;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingRequestsTest {
    private final KvState state = new KvState();
    private final PendingRequests pending = new PendingRequests("n1", 5000, state);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Entry put(long term, long lsn, String k, String v) {
        return new Entry(term, lsn, EntryType.PUT, b(k), b(v));
    }

    private void apply(Entry e) {
        pending.applied(e, state.apply(e));
    }

    private static Response answer(CompletableFuture<Response> f) {
        assertTrue(f.isDone(), "answered");
        return f.join();
    }

    @Test
    void aWriteIsAnsweredOkWithItsLsnWhenItsEntryIsApplied() {
        CompletableFuture<Response> w = new CompletableFuture<>();
        pending.awaitCommit(1, 3, w);
        assertFalse(w.isDone());
        apply(put(3, 1, "k", "v"));
        Response.Ok ok = assertInstanceOf(Response.Ok.class, answer(w));
        assertEquals(1, ok.lsn());
    }

    @Test
    void entriesWithoutAWaitingWriteAnswerNothing() {
        CompletableFuture<Response> w = new CompletableFuture<>();
        pending.awaitCommit(2, 3, w);
        apply(put(3, 1, "k", "v"));
        assertFalse(w.isDone());
    }

    @Test
    void aWriteWhoseLsnCommittedUnderAnotherTermIsUnknown() {
        CompletableFuture<Response> w = new CompletableFuture<>();
        pending.awaitCommit(1, 3, w);
        apply(put(4, 1, "k", "other leader's"));
        Response.Timeout t = assertInstanceOf(Response.Timeout.class, answer(w));
        assertEquals("leadership changed before LSN 1 committed; outcome unknown", t.message());
    }

    @Test
    void aCasThatDoesNotMatchIsAnsweredCasMismatch() {
        apply(put(1, 1, "k", "current"));
        CompletableFuture<Response> w = new CompletableFuture<>();
        pending.awaitCommit(2, 1, w);
        apply(new Entry(1, 2, EntryType.CAS, b("k"), new CasPayload(b("expected"), b("new")).encode()));
        Response.CasMismatch m = assertInstanceOf(Response.CasMismatch.class, answer(w));
        assertEquals("current", new String(m.current(), StandardCharsets.UTF_8));
    }

    @Test
    void truncatingTheLogLeavesOnlyWritesAfterItUnknown() {
        CompletableFuture<Response> kept = new CompletableFuture<>(), lost = new CompletableFuture<>();
        pending.awaitCommit(5, 2, kept);
        pending.awaitCommit(6, 2, lost);
        pending.failWritesAfter(5);
        assertFalse(kept.isDone());
        Response.Timeout t = assertInstanceOf(Response.Timeout.class, answer(lost));
        assertEquals("entry at LSN 6 was replaced by a new leader's log; outcome unknown", t.message());
        // The replaced write is forgotten: its LSN committing later under a new leader answers nothing.
        apply(put(1, 1, "a", "1"));
        apply(put(1, 2, "a", "1"));
        apply(put(1, 3, "a", "1"));
        apply(put(1, 4, "a", "1"));
        apply(put(2, 5, "a", "1"));
        assertInstanceOf(Response.Ok.class, answer(kept));
    }

    @Test
    void losingLeadershipAnswersEveryWriteUnknownAndEveryReadWithTheGivenAnswer() {
        CompletableFuture<Response> w = new CompletableFuture<>(), r = new CompletableFuture<>();
        pending.awaitCommit(1, 1, w);
        pending.awaitReadIndex(pending.nextReadCtx(), "k", r);
        Response notLeader = new Response.NotLeader("n2", "127.0.0.1:9002");
        pending.leadershipLost(notLeader);
        Response.Timeout t = assertInstanceOf(Response.Timeout.class, answer(w));
        assertEquals("node n1 stopped being leader before the write committed; outcome unknown", t.message());
        assertEquals(notLeader, answer(r));
        // Nothing is left to answer twice.
        pending.expireReads(Long.MAX_VALUE);
        apply(put(1, 1, "k", "v"));
        assertInstanceOf(Response.Timeout.class, answer(w));
    }

    @Test
    void unsafeAckAnswersPutsAndDeletesOnceLocallyDurableButNotCas() {
        CompletableFuture<Response> put = new CompletableFuture<>(), cas = new CompletableFuture<>(),
                oldTerm = new CompletableFuture<>();
        pending.awaitCommit(1, 2, put);
        pending.awaitCommit(2, 2, cas);
        pending.awaitCommit(3, 1, oldTerm);
        pending.ackLocallyDurable(List.of(put(2, 1, "k", "v"),
                new Entry(2, 2, EntryType.CAS, b("k"), new CasPayload(null, b("x")).encode()),
                put(2, 3, "k", "w")));
        assertEquals(1, assertInstanceOf(Response.Ok.class, answer(put)).lsn());
        assertFalse(cas.isDone());
        assertFalse(oldTerm.isDone());
    }

    @Test
    void aReadIsAnsweredOnceItsIndexIsConfirmedAndApplied() {
        apply(put(1, 1, "k", "old"));
        CompletableFuture<Response> r = new CompletableFuture<>();
        long ctx = pending.nextReadCtx();
        pending.awaitReadIndex(ctx, "k", r);
        pending.serveAppliedReads();
        assertFalse(r.isDone(), "not confirmed yet");
        pending.readIndexConfirmed(2, ctx);
        pending.serveAppliedReads();
        assertFalse(r.isDone(), "index 2 not applied yet");
        apply(put(1, 2, "k", "new"));
        pending.serveAppliedReads();
        Response.Ok ok = assertInstanceOf(Response.Ok.class, answer(r));
        assertEquals("new", new String(ok.value(), StandardCharsets.UTF_8));
        assertEquals(2, ok.lsn());
    }

    @Test
    void aReadOfAnAbsentKeyIsNotFoundAtTheAppliedLsn() {
        apply(put(1, 1, "other", "v"));
        CompletableFuture<Response> r = new CompletableFuture<>();
        long ctx = pending.nextReadCtx();
        pending.awaitReadIndex(ctx, "k", r);
        pending.readIndexConfirmed(1, ctx);
        pending.serveAppliedReads();
        assertEquals(1, assertInstanceOf(Response.NotFound.class, answer(r)).lsn());
    }

    @Test
    void readContextsAreDistinct() {
        long a = pending.nextReadCtx(), b = pending.nextReadCtx();
        assertTrue(b > a);
    }

    @Test
    void readsExpireOldestFirstAtTheCommitTimeout() {
        CompletableFuture<Response> r = new CompletableFuture<>();
        long start = System.nanoTime();
        pending.awaitReadIndex(pending.nextReadCtx(), "k", r);
        pending.expireReads(start);
        assertFalse(r.isDone(), "not due yet");
        pending.expireReads(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5000));
        Response.Timeout t = assertInstanceOf(Response.Timeout.class, answer(r));
        assertEquals("read not confirmed by the leader within 5000 ms", t.message());
    }

    @Test
    void aReadWhoseConfirmationWasForgottenWaitsForItsDeadline() {
        CompletableFuture<Response> r = new CompletableFuture<>();
        long ctx = pending.nextReadCtx();
        pending.awaitReadIndex(ctx, "k", r);
        pending.readIndexConfirmed(0, ctx);
        pending.forgetConfirmedReads();
        pending.serveAppliedReads();
        assertFalse(r.isDone());
        pending.expireReads(Long.MAX_VALUE);
        assertInstanceOf(Response.Timeout.class, answer(r));
    }
}
