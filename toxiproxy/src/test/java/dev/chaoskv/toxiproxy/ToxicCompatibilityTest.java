package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility suite (docs/toxiproxy.md): each toxic's measured effect on real connections, driven
 * through toxiproxy-java. Lower bounds on delays are strict-ish, upper bounds loose (loaded CI).
 */
class ToxicCompatibilityTest {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    private Fixture f;

    @BeforeEach
    void setUp() throws IOException {
        f = new Fixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test // §5.7
    void latencySlowsAnOpenConnectionAndRemovalRestoresSpeedWithoutLoss() throws Exception {
        Proxy p = f.proxy("p");
        Socket s = f.connect(p);
        Fixture.roundTripMillis(s, PING);

        Latency lat = p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 300);
        long slow = Fixture.roundTripMillis(s, PING);
        assertTrue(slow >= 300 && slow < 3000, "round trip with latency 300: " + slow + " ms");

        // Bytes sent while the toxic holds them are flushed, in order, when it is removed.
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            byte[] msg = String.format("msg-%03d;", i).getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(msg);
            sent.write(msg);
        }
        Thread.sleep(50);
        lat.remove();
        assertArrayEquals(sent.toByteArray(), Fixture.readExactly(s.getInputStream(), sent.size()));
        long fast = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // the fastest of a few, so one scheduling hiccup cannot fail the test
            fast = Math.min(fast, Fixture.roundTripMillis(s, PING));
        }
        assertTrue(fast < 250, "round trip after removal: " + fast + " ms");
    }

    @Test // §5.8
    void attributeUpdatesMergeAndToxicityReadsBack() throws Exception {
        Proxy p = f.proxy("p");
        Latency lat = p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 123);
        lat.setJitter(10);
        Latency back = p.toxics().get("lat", Latency.class);
        assertEquals(123, back.getLatency());
        assertEquals(10, back.getJitter());
        lat.setToxicity(0.1f);
        assertEquals(0.1f, p.toxics().get("lat").getToxicity());
    }

    @Test // §5.10
    void getAllListsUpstreamToxicsBeforeDownstream() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().latency("d1", ToxicDirection.DOWNSTREAM, 1);
        p.toxics().bandwidth("u1", ToxicDirection.UPSTREAM, 1000);
        p.toxics().slowClose("d2", ToxicDirection.DOWNSTREAM, 1);
        p.toxics().limitData("u2", ToxicDirection.UPSTREAM, 1000);
        List<String> names = p.toxics().getAll().stream().map(Toxic::getName).toList();
        assertEquals(List.of("u1", "u2", "d1", "d2"), names);
    }

    @Test // §5.11 (blackhole)
    void timeoutZeroBlocksDataWithoutClosingAndRemovalCloses() throws Exception {
        Proxy p = f.proxy("p");
        Socket s = f.connect(p);
        Fixture.roundTrip(s, PING);
        Toxic t = p.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0);
        s.getOutputStream().write(PING);
        s.setSoTimeout(700);
        assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "nothing delivered, nothing closed");
        s.setSoTimeout(5000);
        t.remove();
        String end = Fixture.readToEnd(s);
        assertTrue(end.equals("eof") || end.equals("reset"), end);
    }

    @Test // §5.11 (timeout > 0)
    void timeoutClosesAnIdleConnectionAfterTheDelay() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().timeout("t", ToxicDirection.DOWNSTREAM, 200);
        long t0 = System.nanoTime();
        Socket s = f.connect(p);
        String end = Fixture.readToEnd(s);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(end.equals("eof") || end.equals("reset"), end);
        assertTrue(ms >= 190 && ms < 3000, "closed after " + ms + " ms");
    }

    @Test // §5.12
    void limitDataDeliversExactlyTheLimitThenEof() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, 10);
        Socket s = f.connect(p);
        s.getOutputStream().write("0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[64];
        int n;
        while ((n = s.getInputStream().read(b)) >= 0) {
            got.write(b, 0, n);
        }
        assertEquals("0123456789", got.toString(StandardCharsets.US_ASCII));
    }

    @Test // §5.13
    void bandwidthMoves100kBAt100KBpsInAboutASecond() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 100);
        long limited = echoMillis(f.connect(p), 100_000);
        assertTrue(limited >= 850 && limited < 6000, "100 kB at 100 KB/s took " + limited + " ms");
    }

    /**
     * Not §5.13's "rate=0 means no limit": real Toxiproxy 2.12.0 stalls (measured, and in
     * toxics/bandwidth.go the loop that sends rate×100 B pieces never ends at rate 0), until the
     * toxic is updated or removed, which writes out the chunk it held.
     */
    @Test
    void bandwidthAtRateZeroLetsNothingThroughUntilItIsUpdatedOrRemoved() throws Exception {
        Proxy p = f.proxy("p");
        var bw = p.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 0);
        Socket updated = f.connect(p);
        assertStalled(updated);
        bw.setRate(1000);
        assertArrayEquals(PING, Fixture.readExactly(updated.getInputStream(), PING.length), "an update releases what it held");

        bw.setRate(0);
        Socket removed = f.connect(p);
        assertStalled(removed);
        bw.remove();
        assertArrayEquals(PING, Fixture.readExactly(removed.getInputStream(), PING.length), "removing it releases what it held");
        assertArrayEquals(PING, Fixture.roundTrip(removed, PING), "and the stream flows again");
    }

    private static void assertStalled(Socket s) throws IOException {
        s.getOutputStream().write(PING);
        s.setSoTimeout(700);
        assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "no data passes at rate 0");
        s.setSoTimeout(5000);
    }

    @Test // §5.14
    void resetPeerAddedBeforeConnectingResetsTheClientOnData() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
        Socket s = f.connect(p);
        s.getOutputStream().write(PING);
        SocketException e = assertThrows(SocketException.class, () -> {
            while (s.getInputStream().read() >= 0) {
                // a FIN would end the loop without an exception, failing the test
            }
        });
        assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
    }

    @Test // link.go sets SO_LINGER=0 on both sockets of a link whose chain has reset_peer
    void resetPeerOnTheDownstreamResetsTheClientToo() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().resetPeer("rst", ToxicDirection.DOWNSTREAM, 0);
        Socket s = f.connect(p);
        s.getOutputStream().write(PING); // the echo's reply meets reset_peer, which closes the client side
        SocketException e = assertThrows(SocketException.class, () -> {
            while (s.getInputStream().read() >= 0) {
                // a FIN would end the loop without an exception, failing the test
            }
        });
        assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
    }

    @Test // one link ending closes its destination; the other still writes what it holds
    void aReplyHeldByLatencyStillArrivesWhenTheClientSideEnds() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 500);
        Socket s = f.connect(p);
        long t0 = System.nanoTime();
        s.getOutputStream().write(PING);
        f.awaitReceived(p, "downstream", PING.length); // the reply is in: it waits in the latency toxic
        s.shutdownOutput(); // EOF on the upstream link: the proxy closes the upstream socket
        assertArrayEquals(PING, Fixture.readExactly(s.getInputStream(), PING.length));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 480, "the reply left before its latency was over: " + ms + " ms");
        assertEquals("eof", Fixture.readToEnd(s));
    }

    @Test // removing one toxic releases held data, not a close another toxic has scheduled
    void removingAnotherToxicDoesNotBringForwardASlowClose() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().slowClose("slow", ToxicDirection.DOWNSTREAM, 1500);
        var lat = p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        Socket s = f.connect(p);
        Fixture.roundTrip(s, PING);
        long t0 = System.nanoTime();
        s.shutdownOutput(); // the upstream side ends; the client's close is held for 1.5 s
        Thread.sleep(200);
        lat.remove(); // flushes the link
        assertEquals("eof", Fixture.readToEnd(s));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1450 && ms < 5000, "EOF after " + ms + " ms");
    }

    @Test // §5.15
    void slowCloseDelaysTheCloseByTheDelay() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().slowClose("slow", ToxicDirection.UPSTREAM, 500);
        Socket s = f.connect(p);
        Fixture.roundTrip(s, PING);
        long t0 = System.nanoTime();
        s.shutdownOutput(); // EOF on the upstream link; slow_close holds the close for 500 ms
        assertEquals("eof", Fixture.readToEnd(s));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 480 && ms < 3000, "EOF after " + ms + " ms");
    }

    @Test // latency delays each chunk from its own read time: it does not cap throughput
    void latencyDelaysEveryChunkConcurrently() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 200);
        Socket s = f.connect(p);
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            s.getOutputStream().write(PING); // separate chunks, 10 ms apart
            Thread.sleep(10);
        }
        Fixture.readExactly(s.getInputStream(), 20 * PING.length);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 380 && ms < 2500, "20 chunks 10 ms apart with latency 200 took " + ms + " ms (serial would be 4 s)");
    }

    @Test // slicer: pieces of at most average+variation bytes, delay µs apart
    void slicerSplitsChunksIntoSpacedPieces() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().slicer("slice", ToxicDirection.DOWNSTREAM, 10, 20_000);
        Socket s = f.connect(p);
        byte[] data = new byte[100];
        long t0 = System.nanoTime();
        s.getOutputStream().write(data);
        byte[] b = new byte[200];
        int first = s.getInputStream().read(b);
        Fixture.readExactly(s.getInputStream(), data.length - first);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(first <= 50, "first read got " + first + " bytes; pieces are at most 10 bytes, 20 ms apart");
        assertTrue(ms >= 170 && ms < 3000, "at least 10 pieces 20 ms apart, took " + ms + " ms");
    }

    /** Sends {@code size} bytes through the echo and times until all came back. */
    private static long echoMillis(Socket s, int size) throws Exception {
        byte[] data = new byte[size];
        long t0 = System.nanoTime();
        Thread writer = new Thread(() -> {
            try {
                s.getOutputStream().write(data);
            } catch (IOException ignored) {
                // the read fails then
            }
        });
        writer.start();
        s.setSoTimeout(10_000);
        Fixture.readExactly(s.getInputStream(), size);
        writer.join();
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
