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
 * client proxies. Maps every response to ok / fail / info (docs/chaos-runner.md); after an info
 * the process is retired (its operation may still take effect at any later time) and a fresh
 * process id continues in this slot, as in Jepsen.
 */
public final class ClientWorker implements Runnable {
    /** What this worker shares with the others of the run. */
    public record Shared(Workload workload, HistoryWriter history, LoadStats stats, RateLimiter rate,
                         AtomicInteger processIds, Map<String, String> lastKnown, Set<String> addedKeys,
                         Map<String, InetSocketAddress> directory, Duration opTimeout, AtomicBoolean stop, SSLContext tls) {
    }

    /** The outcome of one operation. */
    record Completion(String type, String readValue, String error, boolean backOff) {
    }

    private final Shared shared;
    private final Random rnd;
    private final InetSocketAddress firstTarget;
    private final Map<InetSocketAddress, String> nodeOf = new ConcurrentHashMap<>();
    private int process;
    private long counter;

    public ClientWorker(Shared shared, int slot, long seed, InetSocketAddress firstTarget) {
        this.shared = shared;
        this.rnd = new Random(seed * 31 + slot);
        this.firstTarget = firstTarget;
        this.process = shared.processIds().getAndIncrement();
        shared.directory().forEach((id, a) -> nodeOf.put(a, id));
    }

    @Override
    public void run() {
        KvClient client = newClient(firstTarget);
        try {
            while (!shared.stop().get()) {
                shared.rate().acquire();
                if (shared.stop().get()) break;
                Op op = shared.workload().next(rnd, process, ++counter, shared.lastKnown()::get);
                if (op instanceof Op.Add a) shared.addedKeys().add(a.key());
                long t0 = shared.history().invoke(process, op);
                Completion c = execute(client, op);
                String node = c.type().equals("ok") ? nodeOf.get(client.target()) : null;
                long t1 = shared.history().complete(process, op, c.type(), c.readValue(), node, c.error());
                shared.stats().record(op.f(), c.type(), t1 - t0, t1);
                if (c.type().equals("info")) {
                    // The outcome is unknown: this process may still be "in" that operation forever.
                    process = shared.processIds().getAndIncrement();
                    // Move to another node: the one that left us in doubt may be dead or cut off,
                    // and every unknown write widens the checker's search.
                    InetSocketAddress next = nextNode(client.target());
                    client.close();
                    client = newClient(next);
                    LockSupport.parkNanos(20_000_000L);
                } else if (c.backOff()) {
                    // No leader or no quorum right now: do not spin on definite failures
                    // (an election would otherwise fill the history with thousands of them).
                    LockSupport.parkNanos(50_000_000L);
                }
            }
        } finally {
            client.close();
        }
    }

    private InetSocketAddress nextNode(InetSocketAddress current) {
        java.util.List<InetSocketAddress> all = java.util.List.copyOf(shared.directory().values());
        int i = all.indexOf(current);
        return all.get((i + 1) % all.size());
    }

    private KvClient newClient(InetSocketAddress target) {
        return new KvClient(target, shared.directory(), shared.opTimeout(), Duration.ofSeconds(1), 2, shared.tls());
    }

    Completion execute(KvClient client, Op op) {
        Response r;
        try {
            if (op instanceof Op.Read rd) r = client.get(rd.key());
            else if (op instanceof Op.Write w) r = client.put(w.key(), w.value());
            else if (op instanceof Op.Add a) r = client.put(a.key(), a.value());
            else {
                Op.Cas c = (Op.Cas) op;
                r = client.cas(c.key(), c.expected(), c.value());
            }
        } catch (KvClientException e) {
            // Sent: it may have reached the server and been applied. Not sent: it cannot have.
            return e.requestSent() ? new Completion("info", null, e.getMessage(), false)
                    : new Completion("fail", null, e.getMessage(), true);
        }
        Completion c = classify(op, r);
        if (c.type().equals("ok")) learn(op, c.readValue());
        return c;
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
