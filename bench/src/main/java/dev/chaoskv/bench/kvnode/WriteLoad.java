package dev.chaoskv.bench.kvnode;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
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

/**
 * Closed-loop PUT clients: each thread has its own connection and one request in flight. Keys
 * are random lowercase strings of a fixed size (or unique, for bulk loads), values a fixed size.
 */
final class WriteLoad implements ClosedLoop {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicLong acked = new AtomicLong(), errors = new AtomicLong(), issued = new AtomicLong();
    private final Recorder latency = new Recorder(3);

    /**
     * @param onAck      called with System.nanoTime() and the port the ack came from, after each acknowledged write
     * @param limit      stop after this many writes were issued in total (Long.MAX_VALUE = until closed)
     * @param uniqueKeys every key written once (bulk loads), else random keys
     */
    WriteLoad(int clients, int startPort, Map<String, InetSocketAddress> directory, int keyBytes, int valueBytes,
              long limit, boolean uniqueKeys, OnAck onAck) {
        String value = "v".repeat(valueBytes);
        for (int t = 0; t < clients; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                Random rnd = new Random(id);
                List<InetSocketAddress> nodes = new ArrayList<>(directory.values());
                KvClient c = new KvClient(new InetSocketAddress("127.0.0.1", startPort), directory, Duration.ofSeconds(10), Duration.ofSeconds(1), 3);
                try {
                    while (!stop.get()) {
                        long n = issued.getAndIncrement();
                        if (n >= limit) break;
                        String key = uniqueKeys ? String.format("%0" + keyBytes + "d", n) : randomKey(rnd, keyBytes);
                        long t0 = System.nanoTime();
                        Response r;
                        try {
                            r = c.put(key, value);
                        } catch (KvClientException e) {
                            r = null;
                            c.retarget(nodes.get(rnd.nextInt(nodes.size())));
                        }
                        long t1 = System.nanoTime();
                        if (r instanceof Response.Ok) {
                            acked.incrementAndGet();
                            if (recording.get()) latency.recordValue(t1 - t0);
                            onAck.acked(t1, c.target().getPort());
                        } else {
                            errors.incrementAndGet();
                            if (r instanceof Response.NotLeader || r == null) sleepQuietly(5);
                        }
                    }
                } finally {
                    c.close();
                }
            }, "load-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
    }

    interface OnAck {
        void acked(long nanoTime, int port);
    }

    static final OnAck IGNORE = (t, p) -> { };

    static String randomKey(Random rnd, int n) {
        char[] k = new char[n];
        for (int i = 0; i < n; i++) k[i] = (char) ('a' + rnd.nextInt(26));
        return new String(k);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long acked() {
        return acked.get();
    }

    @Override
    public long done() {
        return acked.get();
    }

    @Override
    public long errors() {
        return errors.get();
    }

    /** Starts (or restarts) latency recording; {@link #latency()} returns what was recorded since. */
    @Override
    public void record(boolean on) {
        if (on) latency.reset();
        recording.set(on);
    }

    @Override
    public org.HdrHistogram.Histogram latency() {
        return latency.getIntervalHistogram();
    }

    void awaitDone() throws InterruptedException {
        for (Thread t : threads) t.join();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        awaitDone();
    }
}
