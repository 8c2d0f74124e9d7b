package dev.chaoskv.bench.kvnode;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.Response;
import org.HdrHistogram.Recorder;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Closed-loop clients multiplexed over a few pipelined connections ({@link KvClient#submit}):
 * each of the {@code clients} has one request in flight and sends the next from the completion
 * of the last, so a connection carries clients/connections requests at once and no thread per
 * client is needed. The same load shape as {@link WriteLoad} (one request in flight per client),
 * with less client CPU per request.
 */
final class PipelinedLoad implements ClosedLoop {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicLong ok = new AtomicLong(), errors = new AtomicLong();
    private final Recorder latency = new Recorder(3);
    private final List<KvClient> connections = new ArrayList<>();
    private final List<InetSocketAddress> nodes;
    private final Map<String, InetSocketAddress> directory;
    private final Function<Random, Request> nextRequest;

    /**
     * @param nextRequest the request a client sends next (each client has its own Random); OK
     *                    and NOT_FOUND answers count as done, others as errors
     */
    PipelinedLoad(int clients, int connectionCount, InetSocketAddress target, Map<String, InetSocketAddress> directory,
                  Function<Random, Request> nextRequest) {
        this.nodes = new ArrayList<>(directory.values());
        this.directory = Map.copyOf(directory);
        this.nextRequest = nextRequest;
        int conns = Math.max(1, Math.min(connectionCount, clients));
        for (int i = 0; i < conns; i++) {
            connections.add(new KvClient(target, directory, Duration.ofSeconds(10), Duration.ofSeconds(1), 0,
                    (clients + conns - 1) / conns));
        }
        for (int c = 0; c < clients; c++) {
            Random rnd = new Random(c);
            KvClient conn = connections.get(c % conns);
            issue(conn, rnd);
        }
    }

    private void issue(KvClient conn, Random rnd) {
        if (stop.get()) return;
        long t0 = System.nanoTime();
        conn.submit(nextRequest.apply(rnd)).whenComplete((r, e) -> {
            long t1 = System.nanoTime();
            if (r instanceof Response.Ok || r instanceof Response.NotFound) {
                ok.incrementAndGet();
                if (recording.get()) latency.recordValue(t1 - t0);
                issue(conn, rnd);
                return;
            }
            errors.incrementAndGet();
            // Off the reader thread: retargeting closes the connection this callback runs for.
            Thread t = new Thread(() -> {
                sleepQuietly(5);
                if (r instanceof Response.NotLeader nl && directory(nl.leaderId()) != null) {
                    if (!directory(nl.leaderId()).equals(conn.target())) conn.retarget(directory(nl.leaderId()));
                } else if (e != null) {
                    conn.retarget(nodes.get(rnd.nextInt(nodes.size())));
                }
                issue(conn, rnd);
            });
            t.setDaemon(true);
            t.start();
        });
    }

    private InetSocketAddress directory(String id) {
        return directory.get(id);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long done() {
        return ok.get();
    }

    @Override
    public long errors() {
        return errors.get();
    }

    @Override
    public void record(boolean on) {
        if (on) latency.reset();
        recording.set(on);
    }

    @Override
    public org.HdrHistogram.Histogram latency() {
        return latency.getIntervalHistogram();
    }

    @Override
    public void close() {
        stop.set(true);
        for (KvClient c : connections) c.close();
    }
}
