package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Populate and per-connection toxicity (real API), plus the embedded server's extensions. */
class ExtensionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    @Test
    void populateCreatesInOrderAndValidatesEveryEntryFirst() throws Exception {
        String up = f.echo.address();
        var ok = f.http("POST", "/populate", "[{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + up + "\"},"
                + "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + up + "\",\"enabled\":false}]");
        assertEquals(201, ok.statusCode(), ok.body());
        JsonNode proxies = JSON.readTree(ok.body()).get("proxies");
        assertEquals("b", proxies.get(0).get("name").asText());
        assertEquals(false, proxies.get(1).get("enabled").asBoolean());

        var bad = f.http("POST", "/populate", "[{\"name\":\"c\",\"upstream\":\"" + up + "\"},{\"name\":\"d\"}]");
        assertEquals(400, bad.statusCode());
        assertEquals("missing required field: upstream at proxy 2", JSON.readTree(bad.body()).get("error").asText());
        assertEquals(null, f.client.getProxyOrNull("c"), "nothing is created when any entry is invalid");
        // The real Populate writes its own JSON error: no text/plain, no newline, proxies null.
        assertEquals("application/json", bad.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"error\":\"missing required field: upstream at proxy 2\",\"status\":400,\"proxies\":null}", bad.body());
        var notArray = f.http("POST", "/populate", "{}");
        assertEquals(400, notArray.statusCode());
        assertTrue(JSON.readTree(notArray.body()).get("proxies").isNull(), notArray.body());
    }

    @Test
    void populateKeepsTheReplacedProxyDisabledWhenItsSuccessorCannotBind() throws Exception {
        Proxy a = f.proxy("a");
        a.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        Proxy other = f.proxy("other"); // holds the port the replacement asks for
        var r = f.http("POST", "/populate", "[{\"name\":\"a\",\"listen\":\"" + other.getListen() + "\",\"upstream\":\""
                + f.echo.address() + "\"}]");
        assertEquals(500, r.statusCode(), r.body());
        Proxy kept = f.client.getProxy("a");
        assertEquals(a.getListen(), kept.getListen(), "the old proxy stays");
        assertEquals(false, kept.isEnabled(), "stopped, as the real AddOrReplace leaves it");
        assertEquals(1, kept.toxics().getAll().size(), "with its toxics");
    }

    @Test
    void toxicityIsRolledPerConnection() throws Exception {
        Proxy p = f.proxy("p");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 400).setToxicity(0.5f);
        int n = 24;
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sockets.add(f.connect(p));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Long>> times = new ArrayList<>();
        for (Socket s : sockets) {
            times.add(pool.submit(() -> Fixture.roundTripMillis(s, PING)));
        }
        int slow = 0;
        for (Future<Long> t : times) {
            slow += t.get() >= 395 ? 1 : 0;
        }
        pool.shutdown();
        // P(all 24 rolls equal) = 2^-23: a failure means the roll is not per connection.
        assertTrue(slow > 0 && slow < n, slow + " of " + n + " connections got the latency");
    }

    @Test
    void packetLossDropsWholeChunksAtTheGivenRate() throws Exception {
        assumeTrue(Fixture.embedded(), "packet_loss is an extension of the embedded server");
        Proxy p = f.proxy("p");
        var r = f.http("POST", "/proxies/p/toxics",
                "{\"type\":\"packet_loss\",\"name\":\"loss\",\"stream\":\"upstream\",\"attributes\":{\"loss_rate\":1.0}}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"correlation\":0.0"), r.body());
        Socket s = f.connect(p);
        s.getOutputStream().write(PING);
        s.setSoTimeout(500);
        assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "every chunk dropped");

        assertEquals(200, f.http("PATCH", "/proxies/p/toxics/loss", "{\"attributes\":{\"loss_rate\":0}}").statusCode());
        s.setSoTimeout(5000);
        assertEquals("ping", new String(Fixture.roundTrip(s, PING), StandardCharsets.US_ASCII), "rate 0 drops nothing");
    }

    @Test
    void metricsCountBytesPerProxyAndDirection() throws Exception {
        assumeTrue(Fixture.embedded(), "the real server serves /metrics only with -proxy-metrics");
        Proxy p = f.proxy("m");
        Socket s = f.connect(p);
        Fixture.roundTrip(s, new byte[1000]);
        var r = f.http("GET", "/metrics", null);
        assertEquals(200, r.statusCode());
        String labels = "listener=\"" + p.getListen() + "\",proxy=\"m\",upstream=\"" + f.echo.address() + "\"";
        assertTrue(r.body().contains("toxiproxy_proxy_received_bytes_total{direction=\"upstream\"," + labels + "} 1000"), r.body());
        assertTrue(r.body().contains("toxiproxy_proxy_sent_bytes_total{direction=\"downstream\"," + labels + "} 1000"), r.body());
        assertTrue(r.body().contains("# TYPE toxiproxy_proxy_sent_bytes_total counter"), r.body());
    }
}
