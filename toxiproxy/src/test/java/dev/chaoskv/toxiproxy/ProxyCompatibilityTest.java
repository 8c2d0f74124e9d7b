package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compatibility suite (docs/toxiproxy.md): the proxy lifecycle, driven through toxiproxy-java 2.1.11. */
class ProxyCompatibilityTest {
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

    @Test // §5.1
    void createReturnsEnabledProxyWithConcretePortAndDuplicateIs409() throws Exception {
        Proxy p = f.proxy("p");
        assertTrue(p.isEnabled());
        assertTrue(Fixture.port(p) > 0, "listen rewritten to the bound port: " + p.getListen());
        assertEquals(f.echo.address(), p.getUpstream());
        IOException dup = assertThrows(IOException.class, () -> f.proxy("p"));
        assertEquals("[409] proxy already exists", dup.getMessage());

        var raw = f.http("POST", "/proxies", "{\"name\":\"raw\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + f.echo.address() + "\"}");
        assertEquals(201, raw.statusCode());
    }

    @Test // §5.2
    void missingProxyIs404AndGetProxyOrNullReturnsNull() {
        IOException e = assertThrows(IOException.class, () -> f.client.getProxy("missing"));
        assertEquals("[404] proxy not found", e.getMessage());
        assertNull(f.client.getProxyOrNull("missing"));
    }

    @Test // §5.3
    void getProxiesListsInNameOrder() throws Exception {
        f.proxy("p2");
        f.proxy("p0");
        f.proxy("p1");
        List<String> names = f.client.getProxies().stream().map(Proxy::getName).toList();
        assertEquals(List.of("p0", "p1", "p2"), names);
    }

    @Test // §5.4
    void bytesRoundTripThroughTheProxy() throws Exception {
        Proxy p = f.proxy("p");
        Socket s = f.connect(p);
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        assertArrayEquals(PING, Fixture.roundTrip(s, PING));
        Thread writer = new Thread(() -> {
            try {
                s.getOutputStream().write(big);
            } catch (IOException ignored) {
                // the read below fails then
            }
        });
        writer.start();
        assertArrayEquals(big, Fixture.readExactly(s.getInputStream(), big.length));
        writer.join();
    }

    @Test // §5.5
    void upstreamDownAcceptsThenCloses() throws Exception {
        Proxy p = f.client.createProxy("down", "127.0.0.1:0", "127.0.0.1:" + Fixture.deadPort());
        Socket s = f.connect(p); // the connect itself succeeds
        assertEquals("eof", Fixture.readToEnd(s));
    }

    @Test // §5.6
    void disableRefusesNewAndClosesOpenConnectionsEnableKeepsPort() throws Exception {
        Proxy p = f.proxy("p");
        int port = Fixture.port(p);
        Socket open = f.connect(p);
        Fixture.roundTrip(open, PING);

        p.disable();
        assertTrue(!p.isEnabled());
        String end = Fixture.readToEnd(open);
        assertTrue(end.equals("eof") || end.equals("reset"), end);
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());

        p.enable();
        assertTrue(p.isEnabled());
        assertEquals(port, Fixture.port(f.client.getProxy("p")));
        assertArrayEquals(PING, Fixture.roundTrip(f.connect(p), PING));
    }

    @Test // update: a new listen or upstream restarts the proxy; a failed bind leaves it disabled with a 500
    void changingListenAndUpstreamRestartsTheProxyAndBindFailureDisablesIt() throws Exception {
        Proxy p = f.client.createProxy("p", "127.0.0.1:0", "127.0.0.1:" + Fixture.deadPort());
        Socket old = f.connect(p);
        assertEquals("eof", Fixture.readToEnd(old), "upstream down at first");

        p.setUpstream(f.echo.address());
        assertArrayEquals(PING, Fixture.roundTrip(f.connect(p), PING));

        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class, () -> p.setListen("127.0.0.1:" + taken.getLocalPort()));
            assertTrue(e.getMessage().startsWith("[500]"), e.getMessage());
        }
        assertTrue(!f.client.getProxy("p").isEnabled(), "left disabled after the failed bind");
    }

    @Test // §5.16
    void resetEnablesProxiesAndRemovesToxics() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1000);
        p.toxics().timeout("blackhole", ToxicDirection.UPSTREAM, 0);
        p.disable();
        assertTrue(!p.isEnabled());

        f.client.reset();

        assertTrue(p.isEnabled(), "tracked proxy refreshed by reset()");
        assertEquals(0, p.toxics().getAll().size());
        assertTrue(Fixture.roundTripMillis(f.connect(p), PING) < 500, "no latency left after reset");
    }

    @Test // §5.19
    void deleteIs204ThenDeletingAgainIs404() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        assertEquals(204, f.http("DELETE", "/proxies/p/toxics/lat", null).statusCode());
        assertEquals(404, f.http("DELETE", "/proxies/p/toxics/lat", null).statusCode());
        assertEquals(204, f.http("DELETE", "/proxies/p", null).statusCode());
        var again = f.http("DELETE", "/proxies/p", null);
        assertEquals(404, again.statusCode());
        assertTrue(again.body().contains("\"error\":\"proxy not found\""), again.body());
        assertThrows(IOException.class, p::delete); // the client maps a 404 on DELETE to an IOException
        assertNotEquals(null, f.client.getProxies());
    }
}
