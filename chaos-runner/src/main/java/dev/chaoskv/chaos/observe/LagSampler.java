package dev.chaoskv.chaos.observe;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chaoskv.common.HostPort;
import dev.chaoskv.client.KvClient;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Polls every node's STATUS directly (not through Toxiproxy: the observer must see through the
 * faults it observes) every {@code period}, one thread per node so a paused node cannot stall the
 * others. Streams samples to lag.jsonl, keeps the latest sample per node (leader and lag for the
 * status line and the nemesis), and records each follower's lag behind the leader in an
 * HdrHistogram: the leader's commit LSN minus the follower's applied LSN, in records.
 */
public final class LagSampler implements AutoCloseable {
    /** One lag point for the report. */
    public record LagPoint(long time, String node, long lag) {
    }

    private final Map<String, HostPort> nodes;
    private final Duration period;
    private final LongSupplier clock;
    private final OutputStream out;
    private final JsonGenerator gen;
    private final Map<String, NodeStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, Histogram> lag = new TreeMap<>();
    private final List<LagPoint> points = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    private long maxLag;

    /** @param nodes node id -> where the node itself listens */
    public LagSampler(Path lagFile, Map<String, HostPort> nodes, Duration period, LongSupplier clock) throws IOException {
        this.nodes = new LinkedHashMap<>(nodes);
        this.period = period;
        this.clock = clock;
        this.out = new java.io.BufferedOutputStream(Files.newOutputStream(lagFile));
        this.gen = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        this.gen.setRootValueSeparator(null);
    }

    public void start() {
        for (Map.Entry<String, HostPort> e : nodes.entrySet()) {
            Thread t = new Thread(() -> poll(e.getKey(), e.getValue()), "lag-sampler-" + e.getKey());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void poll(String node, HostPort address) {
        long timeoutMs = Math.max(100, Math.min(1000, period.toMillis() * 2));
        KvClient client = new KvClient(address.socket(), Map.of(), Duration.ofMillis(timeoutMs), Duration.ofMillis(timeoutMs), 0);
        try {
            while (!stopped) {
                long started = System.nanoTime();
                NodeStatus s = sample(client, node);
                record(s);
                long sleep = period.toNanos() - (System.nanoTime() - started);
                if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        } catch (InterruptedException e) {
            // stopping
        } finally {
            client.close();
        }
    }

    private NodeStatus sample(KvClient client, String node) {
        try {
            String json = client.status();
            return NodeStatus.parse(clock.getAsLong(), node, json);
        } catch (IOException | RuntimeException e) {
            client.close();
            return NodeStatus.failed(clock.getAsLong(), node, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Adds one sample, polled here or by someone else who watches the same nodes. */
    public synchronized void record(NodeStatus s) {
        latest.put(s.node(), s);
        try {
            gen.writeStartObject();
            gen.writeNumberField("time", s.time());
            gen.writeStringField("node", s.node());
            if (s.ok()) {
                gen.writeStringField("role", s.role());
                gen.writeNumberField("term", s.term());
                gen.writeNumberField("lastLsn", s.lastLsn());
                gen.writeNumberField("commitLsn", s.commitLsn());
                gen.writeNumberField("appliedLsn", s.appliedLsn());
            } else {
                gen.writeStringField("error", s.error());
            }
            gen.writeEndObject();
            gen.writeRaw('\n');
            gen.flush();
        } catch (IOException e) {
            // lag.jsonl is best effort; the run goes on
        }
        if (!s.ok() || s.isLeader()) return;
        leader().ifPresent(l -> {
            if (Math.abs(l.time() - s.time()) > 2 * period.toNanos() + 500_000_000L) return; // stale leader sample
            long behind = Math.max(0, l.commitLsn() - s.appliedLsn());
            lag.computeIfAbsent(s.node(), k -> new Histogram(3)).recordValue(behind);
            points.add(new LagPoint(s.time(), s.node(), behind));
            maxLag = Math.max(maxLag, behind);
        });
    }

    /** The node that most recently reported itself leader with the highest term, among fresh samples. */
    public Optional<NodeStatus> leader() {
        long now = clock.getAsLong();
        return latest.values().stream()
                .filter(NodeStatus::isLeader)
                .filter(s -> now - s.time() < 2 * period.toNanos() + 1_000_000_000L)
                .max(Comparator.comparingLong(NodeStatus::term).thenComparingLong(NodeStatus::time));
    }

    public Optional<String> leaderId() {
        return leader().map(NodeStatus::node);
    }

    public Map<String, NodeStatus> latest() {
        return Map.copyOf(latest);
    }

    public synchronized long maxLag() {
        return maxLag;
    }

    /** Lag right now: the largest gap among the latest follower samples. */
    public long currentMaxLag() {
        Optional<NodeStatus> l = leader();
        if (l.isEmpty()) return -1;
        return latest.values().stream().filter(NodeStatus::ok).filter(s -> !s.isLeader())
                .mapToLong(s -> Math.max(0, l.get().commitLsn() - s.appliedLsn())).max().orElse(0);
    }

    public synchronized Map<String, Histogram> lagHistograms() {
        Map<String, Histogram> out = new TreeMap<>();
        lag.forEach((k, h) -> out.put(k, h.copy()));
        return out;
    }

    public synchronized List<LagPoint> points() {
        return List.copyOf(points);
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread t : threads) t.interrupt();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                gen.close();
                out.close();
            } catch (IOException e) {
                // nothing more to save
            }
        }
    }
}
