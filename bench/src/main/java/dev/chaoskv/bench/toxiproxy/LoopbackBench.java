package dev.chaoskv.bench.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Measures a TCP path on loopback: request/response round trips over several connections to
 * an echo server, and one-way bulk throughput to a sink. The same code runs against the
 * server directly and through a proxy, so the two can be compared in one run.
 */
final class LoopbackBench implements AutoCloseable {
    /**
     * Round-trip results: latency histogram (ns), round trips per second, and the CPU time the
     * probe reported per round trip (NaN without a probe).
     */
    record RoundTrips(Histogram latencyNanos, double perSecond, double cpuNanosPerRoundTrip) {
    }

    private final ServerSocket echo;
    private final ServerSocket sink;
    private final LongAdder sunk = new LongAdder();
    private final List<Socket> accepted = new ArrayList<>();

    LoopbackBench() throws IOException {
        echo = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        sink = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        daemon("bench-echo", () -> serve(echo, true));
        daemon("bench-sink", () -> serve(sink, false));
    }

    int echoPort() {
        return echo.getLocalPort();
    }

    int sinkPort() {
        return sink.getLocalPort();
    }

    /**
     * {@code connections} threads, each doing write/read of {@code size} bytes for {@code seconds}.
     * With {@code rate} = 0 each sends its next message as soon as the reply is in (closed loop:
     * measures capacity). With {@code rate} > 0 they send {@code rate} messages per second in all
     * on a fixed schedule, and latency counts from when a message was due, so a stall is charged
     * to every message it delayed (no coordinated omission). {@code cpuProbe} (may be null) is
     * read at the start and end of the measured window.
     */
    RoundTrips roundTrips(int port, int connections, int size, double seconds, double rate, LongSupplier cpuProbe)
            throws Exception {
        long interval = rate > 0 ? (long) (connections * 1e9 / rate) : 0;
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        LongAdder count = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < connections; i++) {
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            histograms.add(h);
            Socket s = connect(port);
            long offset = interval * i / connections; // spread the paced connections over one interval
            threads.add(daemon("bench-rtt-" + i, () -> {
                byte[] msg = new byte[size];
                byte[] back = new byte[size];
                long due = System.nanoTime() + offset;
                try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    while (!stop.get()) {
                        long t0;
                        if (interval > 0) {
                            long wait;
                            while ((wait = due - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            t0 = due;
                            due += interval;
                        } else {
                            t0 = System.nanoTime();
                        }
                        out.write(msg);
                        for (int off = 0; off < size; ) {
                            int n = in.read(back, off, size - off);
                            if (n < 0) {
                                throw new IOException("EOF");
                            }
                            off += n;
                        }
                        h.recordValue(System.nanoTime() - t0);
                        count.increment();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("round trip failed", e);
                }
            }));
        }
        Thread.sleep(300); // warm-up: JIT and TCP windows
        histograms.forEach(Histogram::reset); // not synchronized with the writers: a value or two may straddle
        count.reset();
        long cpu0 = cpuProbe == null ? 0 : cpuProbe.getAsLong();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n = count.sum();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpuPerRoundTrip = cpuProbe == null ? Double.NaN : (cpuProbe.getAsLong() - cpu0) / (double) n;
        Histogram all = new Histogram(3_600_000_000_000L, 3);
        histograms.forEach(all::add);
        stop.set(true);
        for (Thread t : threads) {
            t.join(5000);
        }
        return new RoundTrips(all, n / elapsed, cpuPerRoundTrip);
    }

    /** Bytes per second one connection can push into the sink for {@code seconds}. */
    double bulk(int port, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Socket s = connect(port);
        Thread writer = daemon("bench-bulk", () -> {
            byte[] buf = new byte[64 * 1024];
            try (s; OutputStream out = s.getOutputStream()) {
                while (!stop.get()) {
                    out.write(buf);
                }
            } catch (IOException e) {
                throw new IllegalStateException("bulk write failed", e);
            }
        });
        Thread.sleep(300);
        long start = sunk.sum();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long bytes = sunk.sum() - start;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        writer.join(5000);
        return bytes / elapsed;
    }

    @Override
    public void close() throws IOException {
        echo.close();
        sink.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
    }

    private void serve(ServerSocket server, boolean echoBack) {
        while (true) {
            Socket s;
            try {
                s = server.accept();
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                return;
            }
            synchronized (accepted) {
                accepted.add(s);
            }
            daemon(echoBack ? "bench-echo-conn" : "bench-sink-conn", () -> {
                byte[] buf = new byte[64 * 1024];
                try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (echoBack) {
                            out.write(buf, 0, n);
                        } else {
                            sunk.add(n);
                        }
                    }
                } catch (IOException ignored) {
                    // the bench closed the connection
                }
            });
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
