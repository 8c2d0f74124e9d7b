package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chaoskv.toxiproxy.core.EventLoopGroup;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Embedded-server robustness: load, toxics changing under traffic, no leaks, no hanging API calls. */
class RobustnessTest {
    private Fixture f;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Fixture.embedded(), "inspects the embedded server's threads and sockets");
        f = new Fixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void hundredsOfConnectionsKeepTheirBytesWhileToxicsComeAndGo() throws Exception {
        Proxy p = f.proxy("load");
        int connections = 200;
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            sockets.add(f.connect(p));
        }
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int worker = w;
            results.add(workers.submit(() -> {
                int rounds = 0;
                for (int r = 0; r < 15; r++) {
                    for (int c = worker; c < connections; c += 8) {
                        byte[] msg = String.format("c%03d-r%02d-%s;", c, r, "x".repeat(40)).getBytes(StandardCharsets.US_ASCII);
                        assertArrayEquals(msg, Fixture.roundTrip(sockets.get(c), msg));
                        rounds++;
                    }
                }
                return rounds;
            }));
        }
        // Toxics added, updated and removed on both streams while the data flows.
        Thread chaos = new Thread(() -> {
            try {
                while (!done.get()) {
                    var lat = p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 3);
                    Toxic sl = p.toxics().slicer("slice", ToxicDirection.UPSTREAM, 8, 4);
                    Thread.sleep(30);
                    lat.setJitter(2);
                    var bw = p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 10_000);
                    Thread.sleep(30);
                    lat.remove();
                    sl.remove();
                    bw.remove();
                    Thread.sleep(30);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        chaos.start();
        int total = 0;
        for (Future<Integer> r : results) {
            total += r.get(120, TimeUnit.SECONDS);
        }
        done.set(true);
        chaos.join(10_000);
        workers.shutdown();
        assertEquals(connections * 15, total);
        // The listener plus an accepted and a dialled socket per connection: none was dropped.
        assertEquals(1 + 2 * connections, Leaks.proxySockets(Fixture.port(p), f.echo.port()), "every connection still open");

        p.delete();
        assertEquals(0, Leaks.settle(() -> Leaks.threads("toxiproxy-load-")), "threads left after delete");
        assertEquals(0, Leaks.settle(() -> Leaks.proxySockets(Fixture.port(p), f.echo.port())), "sockets left after delete");
    }

    @Test
    void aBulkStreamStaysIntactWhileTheLinkSwitchesBetweenDirectAndToxicPaths() throws Exception {
        Proxy p = f.proxy("bulk");
        Socket s = f.connect(p);
        s.setSoTimeout(30_000);
        int size = 8 << 20;
        Thread writer = new Thread(() -> {
            byte[] block = new byte[8192];
            try {
                for (int off = 0; off < size; off += block.length) {
                    for (int i = 0; i < block.length; i++) {
                        block[i] = (byte) ((off + i) * 7 + ((off + i) >>> 13));
                    }
                    s.getOutputStream().write(block);
                }
            } catch (IOException ignored) {
                // the reader reports the failure
            }
        });
        AtomicBoolean done = new AtomicBoolean();
        Thread chaos = new Thread(() -> {
            try {
                while (!done.get()) {
                    Toxic a = p.toxics().latency("lat", ToxicDirection.UPSTREAM, 1);
                    Toxic b = p.toxics().slicer("slice", ToxicDirection.DOWNSTREAM, 1000, 500);
                    Thread.sleep(15);
                    a.remove();
                    Thread.sleep(15);
                    b.remove();
                    Thread.sleep(15);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        chaos.start();
        byte[] buf = new byte[65536];
        long pos = 0;
        while (pos < size) {
            int n = s.getInputStream().read(buf);
            assertTrue(n > 0, "stream ended at " + pos);
            for (int i = 0; i < n; i++, pos++) {
                if (buf[i] != (byte) (pos * 7 + (pos >>> 13))) {
                    done.set(true);
                    throw new AssertionError("byte " + pos + " lost or reordered");
                }
            }
        }
        done.set(true);
        chaos.join(10_000);
        writer.join(10_000);
        assertEquals(size, pos);
    }

    @Test
    void resetAndDeleteLeaveNoThreadsOrSockets() throws Exception {
        Proxy p = f.proxy("leak");
        int port = Fixture.port(p);
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = f.connect(p);
            Fixture.roundTrip(s, "hi".getBytes(StandardCharsets.US_ASCII));
            open.add(s);
        }
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 50); // queues and timers on every link
        p.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0);
        for (Socket s : open) {
            s.getOutputStream().write(1);
        }
        assertEquals(41, Leaks.proxySockets(port, f.echo.port()), "the listener and two sockets per connection");

        f.client.reset(); // removing the timeout closes every connection
        assertEquals(0, Leaks.settle(() -> Leaks.threads("toxiproxy-leak-") - 1), "only the accept thread is left");
        assertEquals(0, Leaks.settle(() -> Leaks.proxySockets(port, f.echo.port()) - 1), "only the listener is left");
        for (Socket s : open) {
            assertEquals("eof", Fixture.readToEnd(s));
        }

        Socket again = f.connect(p);
        Fixture.roundTrip(again, "hi".getBytes(StandardCharsets.US_ASCII));
        p.delete();
        assertEquals(0, Leaks.settle(() -> Leaks.threads("toxiproxy-leak-")));
        assertEquals(0, Leaks.settle(() -> Leaks.proxySockets(port, f.echo.port())));
    }

    @Test
    void serverCloseStopsEveryThreadAndSocket() throws Exception {
        Proxy p = f.proxy("closing");
        int port = Fixture.port(p);
        Socket s = f.connect(p);
        Fixture.roundTrip(s, "hi".getBytes(StandardCharsets.US_ASCII));
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1000);
        s.getOutputStream().write(1);

        f.server.close();
        f.server.close(); // idempotent
        assertEquals(0, Leaks.settle(() -> Leaks.threads("toxiproxy-closing-")));
        assertEquals(0, Leaks.settle(() -> Leaks.proxySockets(port, f.echo.port())));
        assertEquals(0, Leaks.settle(() -> Leaks.threads("toxiproxy-api-")));
        assertEquals(0, Leaks.settle(() -> Leaks.threads("toxiproxy-io-" + f.server.port() + "-")), "I/O threads left");
        assertEquals("eof", Fixture.readToEnd(s));
        f = null; // nothing left to tear down through the API
    }

    @Test
    void apiCallsReturnPromptlyWhileAConnectionIsStuck() throws Exception {
        Proxy p = f.proxy("stuck");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        Socket s = f.connect(p);
        // The client writes but never reads: the echo fills the downstream path until every
        // buffer is full and the proxy's writer and reader are both blocked.
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                while (true) {
                    s.getOutputStream().write(chunk);
                }
            } catch (IOException ignored) {
                // closed by the delete below
            }
        });
        writer.setDaemon(true);
        writer.start();
        Thread.sleep(1500);
        assertTrue(writer.isAlive(), "the client should be blocked writing");

        assertFast(() -> p.toxics().get("lat").remove());
        assertFast(() -> p.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0));
        assertFast(() -> p.toxics().latency("lat2", ToxicDirection.DOWNSTREAM, 10).setLatency(20));
        assertFast(p::disable);
        assertFast(p::enable);
        assertFast(p::delete);
        assertEquals(0, Leaks.settle(() -> Leaks.threads("toxiproxy-stuck-")));
        writer.join(5000);
    }

    @Test
    void aClientThatNeverReadsIsPushedBackInsteadOfFillingTheProxysMemory() throws Exception {
        Proxy p = f.proxy("pushback");
        Socket s = f.connect(p);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                while (written.get() < (1L << 30)) {
                    s.getOutputStream().write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException ignored) {
                // closed by the test's teardown
            }
        });
        writer.setDaemon(true);
        writer.start();
        // The echo's replies fill the client's receive buffer, then the proxy stops reading the
        // echo, the echo stops reading, and so on back to the client: its writes must block
        // once the kernel's socket buffers (tens of MB at most) are full.
        long before;
        long after = written.get();
        do {
            before = after;
            Thread.sleep(1000);
            after = written.get();
        } while (after != before && after < (1L << 30));
        assertTrue(writer.isAlive(), "the writer should be blocked, not done");
        assertTrue(after < 256L << 20, "the proxy took " + (after >> 20) + " MiB from a client that never reads");
    }

    @Test
    void connectionsCostNoThreads() throws Exception {
        Proxy p = f.proxy("threads");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 5); // the toxic path as well as the direct one
        int before = Thread.activeCount();
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Socket s = f.connect(p);
            Fixture.roundTrip(s, "hi".getBytes(StandardCharsets.US_ASCII));
            open.add(s);
        }
        int during = Thread.activeCount();
        // The echo server behind the proxy has a thread per connection; the proxy must add none.
        assertTrue(during - before <= 100 + 5, "threads grew from " + before + " to " + during + " for 100 connections");
        assertEquals(0, Leaks.threads("toxiproxy-threads-") - 1, "only the accept thread is the proxy's own");
        assertEquals(EventLoopGroup.defaultThreads(), Leaks.threads("toxiproxy-io-" + f.server.port() + "-"));
    }

    private static void assertFast(ThrowingRunnable call) throws Exception {
        long t0 = System.nanoTime();
        call.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2000, "API call took " + ms + " ms");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
