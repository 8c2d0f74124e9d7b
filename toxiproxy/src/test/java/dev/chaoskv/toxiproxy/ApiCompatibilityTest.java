package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compatibility suite (docs/toxiproxy.md): toxic attributes, version and errors, over raw HTTP where the client cannot look. */
class ApiCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture();
        f.proxy("p");
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test // §5.9
    void toxicDefaultsAre200LatencyDownstreamToxicity1AndNameClashAcrossStreamsIs409() throws Exception {
        HttpResponse<String> r = f.http("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":5}}");
        assertEquals(200, r.statusCode());
        JsonNode t = JSON.readTree(r.body());
        assertEquals("latency_downstream", t.get("name").asText());
        assertEquals("downstream", t.get("stream").asText());
        assertTrue(r.body().contains("\"toxicity\":1") && !r.body().contains("\"toxicity\":1.0"), r.body());
        assertEquals(1, t.get("toxicity").asInt());

        HttpResponse<String> clash = f.http("POST", "/proxies/p/toxics",
                "{\"type\":\"bandwidth\",\"stream\":\"upstream\",\"name\":\"latency_downstream\"}");
        assertEquals(409, clash.statusCode());
        assertError(clash, 409, "toxic already exists");
    }

    @Test // §5.10 (every attribute key present)
    void everyAttributeKeyIsWrittenWithZerosWhereUnset() throws Exception {
        f.http("POST", "/proxies/p/toxics", "{\"type\":\"slicer\",\"name\":\"s\",\"attributes\":{\"average_size\":64}}");
        f.http("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"l\"}");
        JsonNode slicer = JSON.readTree(f.http("GET", "/proxies/p/toxics/s", null).body()).get("attributes");
        assertEquals(64, slicer.get("average_size").asInt());
        assertTrue(slicer.has("size_variation") && slicer.get("size_variation").asInt() == 0, slicer.toString());
        assertTrue(slicer.has("delay") && slicer.get("delay").asInt() == 0, slicer.toString());
        JsonNode latency = JSON.readTree(f.http("GET", "/proxies/p/toxics/l", null).body()).get("attributes");
        assertTrue(latency.has("latency") && latency.has("jitter"), latency.toString());
    }

    @Test // §5.17
    void errorsAreJsonWithErrorAndStatusAndBadInputIs400() throws Exception {
        assertError(f.http("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"),
                400, "stream was invalid, can be either upstream or downstream");
        assertError(f.http("POST", "/proxies/p/toxics", "{\"type\":\"frobnicate\"}"), 400, "invalid toxic type");
        HttpResponse<String> bad = f.http("POST", "/proxies/p/toxics", "{not json");
        assertEquals(400, bad.statusCode());
        assertTrue(JSON.readTree(bad.body()).get("error").asText().startsWith("bad request body"), bad.body());
        assertError(f.http("POST", "/proxies", "{\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}"),
                400, "missing required field: name");
        assertError(f.http("GET", "/proxies/nope/toxics", null), 404, "proxy not found");
        assertError(f.http("GET", "/proxies/p/toxics/nope", null), 404, "toxic not found");
    }

    @Test // §5.18
    void browsersAreRefusedAndVersionAnswers() throws Exception {
        HttpResponse<String> r = f.http("GET", "/proxies", null, "User-Agent", "Mozilla/5.0 (X11)");
        assertEquals(403, r.statusCode());
        String version = f.client.version();
        assertFalse(version.isBlank());
        assertTrue(f.http("GET", "/version", null).headers().firstValue("X-Toxiproxy-Request-Id").isPresent());
    }

    @Test // update routes: POST and PATCH merge attributes and keep toxicity
    void patchMergesAttributesAndKeepsOmittedFields() throws Exception {
        f.http("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"l\",\"toxicity\":0.5,\"attributes\":{\"latency\":100,\"jitter\":7}}");
        HttpResponse<String> r = f.http("PATCH", "/proxies/p/toxics/l", "{\"attributes\":{\"latency\":200}}");
        assertEquals(200, r.statusCode());
        JsonNode t = JSON.readTree(r.body());
        assertEquals(200, t.get("attributes").get("latency").asInt());
        assertEquals(7, t.get("attributes").get("jitter").asInt());
        assertEquals(0.5, t.get("toxicity").asDouble());
    }

    private static void assertError(HttpResponse<String> r, int status, String message) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(message, body.get("error").asText());
        assertEquals(status, body.get("status").asInt());
    }
}
