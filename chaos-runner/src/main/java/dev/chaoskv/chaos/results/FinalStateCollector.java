package dev.chaoskv.chaos.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaoskv.common.HostPort;
import dev.chaoskv.chaos.observe.NodeStatus;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
import dev.chaoskv.client.protocol.Response;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * After heal: waits (bounded) until every node has applied what the leader committed, then reads
 * every key the run touched from the leader (linearizable GETs) and dumps every node, into
 * final.json in the layout the checker reads. Talks to the nodes directly, not through proxies.
 */
public final class FinalStateCollector {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, HostPort> addresses;
    private final SSLContext tls;

    /** @param addresses node id -> where the node itself listens */
    public FinalStateCollector(Map<String, HostPort> addresses) {
        this(addresses, null);
    }

    /** @param tls how its clients speak TLS to the nodes; null: plaintext */
    public FinalStateCollector(Map<String, HostPort> addresses, SSLContext tls) {
        this.addresses = new LinkedHashMap<>(addresses);
        this.tls = tls;
    }

    /** The answer of {@link #awaitConvergence}. */
    public record Convergence(boolean converged, long nanos, String leader, String detail) {
    }

    /**
     * Polls every node until one leader is known and every node's applied LSN has reached the
     * leader's commit LSN (and the leader has committed its whole log), or {@code timeout} passes.
     * Every poll goes to {@code observed} (lag.jsonl): the checker's time-to-converge is computed
     * from those samples, so the console, the report and the checker print one number.
     */
    public Convergence awaitConvergence(Duration timeout, LongSupplier clock, Consumer<NodeStatus> observed)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String detail = "no answer yet";
        while (true) {
            Map<String, NodeStatus> all = statuses(clock);
            all.values().forEach(observed);
            Optional<NodeStatus> leader = all.values().stream().filter(NodeStatus::isLeader)
                    .max(Comparator.comparingLong(NodeStatus::term));
            if (leader.isEmpty()) {
                detail = "no leader";
            } else {
                NodeStatus l = leader.get();
                List<String> behind = new ArrayList<>();
                for (NodeStatus s : all.values()) {
                    if (!s.ok()) behind.add(s.node() + " unreachable (" + s.error() + ")");
                    else if (s.appliedLsn() < l.commitLsn() || s.term() != l.term())
                        behind.add(s.node() + " applied " + s.appliedLsn() + " of " + l.commitLsn() + " (term " + s.term() + ")");
                }
                if (l.commitLsn() < l.lastLsn()) behind.add("leader committed " + l.commitLsn() + " of " + l.lastLsn());
                if (behind.isEmpty()) return new Convergence(true, System.nanoTime() - start, l.node(), "converged");
                detail = String.join("; ", behind);
            }
            if (System.nanoTime() > deadline) return new Convergence(false, System.nanoTime() - start, null, detail);
            Thread.sleep(100);
        }
    }

    public Map<String, NodeStatus> statuses(LongSupplier clock) {
        Map<String, NodeStatus> out = new TreeMap<>();
        addresses.forEach((id, address) -> {
            try (KvClient c = direct(address)) {
                out.put(id, NodeStatus.parse(clock.getAsLong(), id, c.status()));
            } catch (IOException | RuntimeException e) {
                out.put(id, NodeStatus.failed(clock.getAsLong(), id, String.valueOf(e.getMessage())));
            }
        });
        return out;
    }

    /**
     * Writes final.json: {"leader", "nodes": {id: {role, term, lastLsn, commitLsn, appliedLsn, digest,
     * data} | {error}}, "leaderRead": {key: value|null}}.
     *
     * @param keys every key the run may have written (leaderRead covers exactly these)
     * @return the leader's id, or null when no node leads
     */
    public String collect(Path file, Collection<String> keys, LongSupplier clock) throws IOException, InterruptedException {
        Map<String, NodeStatus> st = statuses(clock);
        String leader = st.values().stream().filter(NodeStatus::isLeader)
                .max(Comparator.comparingLong(NodeStatus::term)).map(NodeStatus::node).orElse(null);
        ObjectNode root = JSON.createObjectNode();
        root.put("leader", leader);
        ObjectNode nodes = root.putObject("nodes");
        for (Map.Entry<String, HostPort> e : addresses.entrySet()) {
            ObjectNode n = nodes.putObject(e.getKey());
            NodeStatus s = st.get(e.getKey());
            try (KvClient c = direct(e.getValue())) {
                if (s == null || !s.ok()) throw new KvClientException(s == null ? "no status" : s.error(), false, null);
                Response.Dump d = c.dump();
                n.put("role", s.role());
                n.put("term", s.term());
                n.put("lastLsn", s.lastLsn());
                n.put("commitLsn", s.commitLsn());
                n.put("appliedLsn", s.appliedLsn());
                n.put("digest", s.digest());
                ObjectNode data = n.putObject("data");
                new TreeMap<>(d.data()).forEach((k, v) -> data.put(k, new String(v, StandardCharsets.UTF_8)));
            } catch (KvClientException | RuntimeException ex) {
                n.removeAll();
                n.put("error", String.valueOf(ex.getMessage()));
            }
        }
        if (leader != null) {
            Map<String, String> read = leaderRead(addresses.get(leader), keys);
            if (read != null) {
                ObjectNode lr = root.putObject("leaderRead");
                new TreeMap<>(read).forEach(lr::put);
            }
        }
        JSON.writeValue(file.toFile(), root);
        return leader;
    }

    /** Linearizable GET of every key through the leader, 4 connections in parallel; null (at the first failure) if any GET fails. */
    private Map<String, String> leaderRead(HostPort leader, Collection<String> keys) throws InterruptedException {
        Map<String, String> out = new ConcurrentHashMap<>();
        Map<String, String> absent = new ConcurrentHashMap<>();
        List<String> all = new ArrayList<>(keys);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int from = t;
            pool.submit(() -> {
                try (KvClient c = direct(leader)) {
                    // One failed GET already means no leaderRead: stop rather than wait out a
                    // timeout per key (a leader without a quorum answers none of them).
                    for (int i = from; i < all.size() && failures.isEmpty(); i += threads) {
                        String k = all.get(i);
                        try {
                            Response r = c.get(k);
                            if (r instanceof Response.Ok ok) out.put(k, new String(ok.value(), StandardCharsets.UTF_8));
                            else if (r instanceof Response.NotFound) absent.put(k, "");
                            else failures.add(k + ": " + r);
                        } catch (KvClientException e) {
                            failures.add(k + ": " + e.getMessage());
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
        if (!failures.isEmpty()) return null;
        Map<String, String> merged = new java.util.HashMap<>(out);
        absent.keySet().forEach(k -> merged.put(k, null));
        return merged;
    }

    private KvClient direct(HostPort address) {
        return new KvClient(address.socket(), Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(1), 0, tls);
    }
}
