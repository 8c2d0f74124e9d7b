package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests this server refuses with 400 where the real one accepts them and then misbehaves:
 * names that cannot be addressed in a URL path, a toxicity that is not a probability, a proxy
 * that is its own upstream. Each refusal has the shape of every other 400 and leaves nothing
 * behind.
 */
class RefusalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Fixture.embedded(), "the real server accepts these and misbehaves later");
        f = new Fixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private static String quoted(String s) {
        return JsonNodeFactory.instance.textNode(s).toString();
    }

    private void assert400(HttpResponse<String> r, String message) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(r.body());
        assertEquals(List.of("error", "status"), list(body.fieldNames()), r.body());
        assertTrue(body.get("error").asText().startsWith(message), body.get("error").asText());
        assertEquals(400, body.get("status").asInt());
    }

    private static <T> List<T> list(java.util.Iterator<T> it) {
        List<T> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    private void assertNoProxies() throws Exception {
        assertEquals("{}", f.http("GET", "/proxies", null).body());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().endsWith("-accept")
                && t.getName().startsWith("toxiproxy-")), "no listener is left accepting");
    }

    @Test
    void aProxyNameThatCannotBeAPathSegmentIsRefusedAndNoListenerIsCreated() throws Exception {
        for (String name : List.of("a/b", "a?b", "a#b", "a%2Fb", "a b", "a\tb", "a\nb", "a\u0001b", "a>b", "a<b", "a\"b",
                "a\\b", "a{b}", "é", ".", "..")) {
            HttpResponse<String> r = f.http("POST", "/proxies",
                    "{\"name\":" + quoted(name) + ",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + f.echo.address() + "\"}");
            assert400(r, "proxy name \"" + name + "\" cannot be used in a URL path: ");
        }
        assertNoProxies();
        HttpResponse<String> populate = f.http("POST", "/populate", "[{\"name\":\"ok\",\"upstream\":\"127.0.0.1:1\"},"
                + "{\"name\":\"n1->n2\",\"upstream\":\"127.0.0.1:1\"}]");
        assertEquals(400, populate.statusCode());
        assertEquals("proxy name \"n1->n2\" cannot be used in a URL path: '>' is not allowed "
                + "(only letters, digits and -._~!$&'()*+,;=:@) at proxy 2", JSON.readTree(populate.body()).get("error").asText());
        assertNoProxies();
    }

    @Test
    void everyNameThatIsAPathSegmentWorksThroughTheJavaClient() throws Exception {
        for (String name : List.of("client-to-n1", "A.b_c~d", "x!$&'()*+,;=:@", "...")) {
            Proxy p = f.client.createProxy(name, "127.0.0.1:0", f.echo.address());
            p.toxics().latency("lat:" + name, ToxicDirection.DOWNSTREAM, 1).remove();
            p.disable();
            p.delete();
        }
        assertNoProxies();
    }

    @Test
    void aToxicNameThatCannotBeAPathSegmentIsRefused() throws Exception {
        f.proxy("p");
        assert400(f.http("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"lat/1\"}"),
                "toxic name \"lat/1\" cannot be used in a URL path: '/' is not allowed");
        assertEquals("[]", f.http("GET", "/proxies/p/toxics", null).body());
    }

    @Test
    void aToxicityOutsideZeroToOneIsRefused() throws Exception {
        f.proxy("p");
        for (String t : List.of("1e39", "-1e39", "1.5", "-0.1", "1.0000001", "1e309")) {
            assert400(f.http("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"toxicity\":" + t + "}"),
                    "toxicity must be a number from 0 to 1, got ");
        }
        assertEquals("[]", f.http("GET", "/proxies/p/toxics", null).body(), "nothing was added");
        assertEquals(200, f.http("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"zero\",\"toxicity\":0}").statusCode());
        assertEquals(200, f.http("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"one\",\"toxicity\":1}").statusCode());
        assert400(f.http("PATCH", "/proxies/p/toxics/zero", "{\"toxicity\":1e39}"), "toxicity must be a number from 0 to 1, got 1.0E39");
        assert400(f.http("POST", "/proxies/p/toxics/zero", "{\"toxicity\":2}"), "toxicity must be a number from 0 to 1, got 2.0");
        assertEquals(0, JSON.readTree(f.http("GET", "/proxies/p/toxics/zero", null).body()).get("toxicity").asInt(), "unchanged");
    }

    @Test
    void aProxyWhoseUpstreamIsItsOwnListenAddressIsRefused() throws Exception {
        int port = Fixture.deadPort();
        String same = "127.0.0.1:" + port;
        assert400(f.http("POST", "/proxies", "{\"name\":\"loop\",\"listen\":\"" + same + "\",\"upstream\":\"" + same + "\"}"),
                "proxy \"loop\" would connect to itself: upstream " + same + " is its own listen address " + same);
        assert400(f.http("POST", "/proxies", "{\"name\":\"loop\",\"listen\":\"" + same + "\",\"upstream\":\"localhost:" + port + "\"}"),
                "proxy \"loop\" would connect to itself");
        assert400(f.http("POST", "/proxies", "{\"name\":\"loop\",\"listen\":\"0.0.0.0:" + port + "\",\"upstream\":\"" + same + "\"}"),
                "proxy \"loop\" would connect to itself");
        HttpResponse<String> populate = f.http("POST", "/populate", "[{\"name\":\"ok\",\"upstream\":\"127.0.0.1:1\"},"
                + "{\"name\":\"loop\",\"listen\":\"" + same + "\",\"upstream\":\"" + same + "\"}]");
        assertEquals(400, populate.statusCode());
        assertEquals("proxy \"loop\" would connect to itself: upstream " + same + " is its own listen address " + same + " at proxy 2",
                JSON.readTree(populate.body()).get("error").asText());
        assertNoProxies();
    }

    @Test
    void anUpdateThatWouldMakeAProxyItsOwnUpstreamIsRefusedAndChangesNothing() throws Exception {
        Proxy p = f.proxy("p");
        String listen = p.getListen();
        assert400(f.http("PATCH", "/proxies/p", "{\"upstream\":\"" + listen + "\"}"),
                "proxy \"p\" would connect to itself: upstream " + listen + " is its own listen address " + listen);
        JsonNode after = JSON.readTree(f.http("GET", "/proxies/p", null).body());
        assertEquals(f.echo.address(), after.get("upstream").asText());
        assertTrue(after.get("enabled").asBoolean(), "still running");
        assertEquals(listen, after.get("listen").asText());
    }
}
