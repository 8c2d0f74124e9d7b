package dev.chaoskv.chaos.load;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
import dev.chaoskv.client.protocol.Response;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One client slot: runs one logical process at a time, one operation at a time, through the
 * client links (the nodes' client proxies, or the nodes themselves). Maps every response to
 * ok / fail / info (docs/chaos-runner.md); after an info the process is retired (its operation
 * may still take effect at any later time) and a fresh process id continues in this slot, as in
 * Jepsen.
 */
public final class ClientWorker implements Runnable {
    /** What this worker shares with the others of the run. */
    public record Shared(Workload workload, HistoryWriter history, LoadStats stats, RateLimiter rate,
                         AtomicInteger processIds, Map<String, String> lastKnown, Set<String> addedKeys,
                         Map<String, InetSocketAddress> directory, Duration opTimeout, AtomicBoolean stop,
                         ClientBinding binding, SSLContext tls) {
    }

    /** The outcome of one operation. */
    record Completion(String type, String readValue, String error, boolean backOff) {
    }

    /** NOT_LEADER hints a client follows per operation. */
    private static final int REDIRECTS = 2;

    private final Shared shared;
    private final Random rnd;
    /** This worker's own node: where it starts, and with {@link ClientBinding#NODE} where every operation goes first. */
    private final InetSocketAddress home;
    private final Map<InetSocketAddress, String> nodeOf = new ConcurrentHashMap<>();
    private int process;
    private long counter;
    /** With {@link ClientBinding#ANY} the one client, following hints; with {@link ClientBinding#NODE} the client of the own node, following none. */
    private KvClient client;
    /** {@link ClientBinding#NODE} only: follows a hint for the one operation the own node refused; null until needed. */
    private KvClient redirected;
    /** The client that answered the last operation. */
    private KvClient answeredBy;

    public ClientWorker(Shared shared, int slot, long seed, InetSocketAddress home) {
        this.shared = shared;
        this.rnd = new Random(seed * 31 + slot);
        this.home = home;
        this.process = shared.processIds().getAndIncrement();
        shared.directory().forEach((id, a) -> nodeOf.put(a, id));
    }

    @Override
    public void run() {
        client = newClient(home, bound() ? 0 : REDIRECTS);
        try {
            while (!shared.stop().get()) {
                shared.rate().acquire();
                if (shared.stop().get()) break;
                Op op = shared.workload().next(rnd, process, ++counter, shared.lastKnown()::get);
                if (op instanceof Op.Add a) shared.addedKeys().add(a.key());
                long t0 = shared.history().invoke(process, op);
                Completion c = execute(op);
                String node = c.type().equals("ok") ? nodeOf.get(answeredBy.target()) : null;
                long t1 = shared.history().complete(process, op, c.type(), c.readValue(), node, c.error());
                shared.stats().record(op.f(), c.type(), t1 - t0, t1);
                if (c.type().equals("info")) {
                    // The outcome is unknown: this process may still be "in" that operation forever.
                    process = shared.processIds().getAndIncrement();
                    // Fresh connections: the one that left us in doubt may hang. Unbound, move to
                    // another node: that one may be dead or cut off, and every unknown write
                    // widens the checker's search. Bound, stay: what the node does while cut off
                    // is what the binding is there to see.
                    InetSocketAddress next = bound() ? home : nextNode(client.target());
                    closeClients();
                    client = newClient(next, bound() ? 0 : REDIRECTS);
                    LockSupport.parkNanos(20_000_000L);
                } else if (c.backOff()) {
                    // No leader or no quorum right now: do not spin on definite failures
                    // (an election would otherwise fill the history with thousands of them).
                    LockSupport.parkNanos(50_000_000L);
                }
            }
        } finally {
            closeClients();
        }
    }

    private boolean bound() {
        return shared.binding() == ClientBinding.NODE;
    }

    private void closeClients() {
        client.close();
        if (redirected != null) redirected.close();
        redirected = null;
    }

    private InetSocketAddress nextNode(InetSocketAddress current) {
        java.util.List<InetSocketAddress> all = java.util.List.copyOf(shared.directory().values());
        int i = all.indexOf(current);
        return all.get((i + 1) % all.size());
    }

    private KvClient newClient(InetSocketAddress target, int redirects) {
        return new KvClient(target, shared.directory(), shared.opTimeout(), Duration.ofSeconds(1), redirects, shared.tls());
    }

    Completion execute(Op op) {
        Response r;
        try {
            answeredBy = client;
            r = send(client, op);
            if (bound() && r instanceof Response.NotLeader nl) r = followHint(nl, op);
        } catch (KvClientException e) {
            // Sent: it may have reached the server and been applied. Not sent: it cannot have.
            return e.requestSent() ? new Completion("info", null, e.getMessage(), false)
                    : new Completion("fail", null, e.getMessage(), true);
        }
        Completion c = classify(op, r);
        if (c.type().equals("ok")) learn(op, c.readValue());
        return c;
    }

    /** Bound worker: the own node refused (nothing was applied), so ask the leader it named, this once. */
    private Response followHint(Response.NotLeader nl, Op op) throws KvClientException {
        InetSocketAddress leader = nl.leaderId().isEmpty() ? null : shared.directory().get(nl.leaderId());
        if (leader == null || leader.equals(client.target())) return nl;
        if (redirected == null) redirected = newClient(leader, REDIRECTS);
        else if (!redirected.target().equals(leader)) redirected.retarget(leader);
        answeredBy = redirected;
        return send(redirected, op);
    }

    private static Response send(KvClient client, Op op) throws KvClientException {
        if (op instanceof Op.Read rd) return client.get(rd.key());
        if (op instanceof Op.Write w) return client.put(w.key(), w.value());
        if (op instanceof Op.Add a) return client.put(a.key(), a.value());
        Op.Cas c = (Op.Cas) op;
        return client.cas(c.key(), c.expected(), c.value());
    }

    /** The contract of docs/chaos-runner.md: which kvnode answers are ok, fail or info. */
    static Completion classify(Op op, Response r) {
        if (r instanceof Response.Ok ok) {
            String v = op instanceof Op.Read && ok.value() != null ? new String(ok.value(), StandardCharsets.UTF_8) : null;
            return new Completion("ok", v, null, false);
        }
        if (r instanceof Response.NotFound) {
            // Absent key: a successful read of nothing. On a write it is unexpected: unknown.
            return op instanceof Op.Read ? new Completion("ok", null, null, false)
                    : new Completion("info", null, "unexpected NOT_FOUND", false);
        }
        if (r instanceof Response.CasMismatch) return new Completion("fail", null, "cas mismatch", false);
        if (r instanceof Response.NotLeader nl) {
            return new Completion("fail", null, "not leader (leader " + (nl.leaderId().isEmpty() ? "unknown" : nl.leaderId()) + ")", true);
        }
        if (r instanceof Response.Rejected rj) return new Completion("fail", null, "rejected: " + rj.message(), true);
        if (r instanceof Response.Error er) return new Completion("fail", null, "error: " + er.message(), true);
        if (r instanceof Response.Timeout t) return new Completion("info", null, "timeout: " + t.message(), false);
        return new Completion("info", null, "unexpected response " + r.getClass().getSimpleName(), false);
    }

    private void learn(Op op, String readValue) {
        if (op instanceof Op.Read rd) {
            if (readValue != null) shared.lastKnown().put(rd.key(), readValue);
        } else if (op instanceof Op.Write w) {
            shared.lastKnown().put(w.key(), w.value());
        } else if (op instanceof Op.Cas c) {
            shared.lastKnown().put(c.key(), c.value());
        }
    }
}
