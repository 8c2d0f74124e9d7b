package dev.chaoskv.toxiproxy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chaoskv.toxiproxy.core.NewToxic;
import dev.chaoskv.toxiproxy.core.ProxySpec;
import dev.chaoskv.toxiproxy.core.ProxyUpdate;
import dev.chaoskv.toxiproxy.core.ToxicUpdate;
import dev.chaoskv.toxiproxy.core.ToxiproxyException;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import dev.chaoskv.toxiproxy.toxics.AttributeValues;
import dev.chaoskv.toxiproxy.toxics.StreamDirection;
import dev.chaoskv.toxiproxy.toxics.ToxicType;
import dev.chaoskv.toxiproxy.toxics.ToxicTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Decoding bodies into the core's typed requests: defaults, typed errors, the real server's order of checks. */
class RequestsTest {
    private static final ToxicType LATENCY = ToxicTypes.find("latency").orElseThrow();
    private static final ToxicType PACKET_LOSS = ToxicTypes.find("packet_loss").orElseThrow();

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T extends ToxiproxyException> void assertRefused(Class<T> kind, String message, Executable call) {
        assertEquals(message, assertThrows(kind, call).getMessage());
    }

    @Test
    void aNewToxicGetsTheRealServersDefaults() throws Exception {
        NewToxic t = Requests.newToxic(json("{\"type\":\"latency\"}"));
        assertEquals("latency_downstream", t.name());
        assertSame(LATENCY, t.type());
        assertEquals(StreamDirection.DOWNSTREAM, t.stream());
        assertEquals("downstream", t.streamText());
        assertEquals(1f, t.toxicity());
        assertEquals(LATENCY.defaults(), t.attributes().over(LATENCY, LATENCY.defaults()));

        NewToxic named = Requests.newToxic(json("{\"TYPE\":\"slicer\",\"stream\":\"UpStream\",\"name\":\"\",\"toxicity\":0.25}"));
        assertEquals("slicer_UpStream", named.name(), "an empty name is defaulted; the stream is echoed as sent");
        assertEquals(StreamDirection.UPSTREAM, named.stream());
        assertEquals(0.25f, named.toxicity());
    }

    @Test
    void badAttributesAreMalformedWhenTheCoreReadsThem() {
        assertRefused(Malformed.class, "attribute latency must be an integer, got \"x\"",
                () -> readAttributes("{\"type\":\"latency\",\"attributes\":{\"latency\":\"x\"}}"));
        assertRefused(Malformed.class, "attribute jitter must be an integer, got 1.5",
                () -> readAttributes("{\"type\":\"latency\",\"attributes\":{\"jitter\":1.5}}"));
        assertRefused(Malformed.class, "attributes must be a JSON object, got [1]",
                () -> readAttributes("{\"type\":\"latency\",\"attributes\":[1]}"));
        assertRefused(Malformed.class, "field loss_rate must be a number, got true",
                () -> readAttributes("{\"type\":\"packet_loss\",\"attributes\":{\"loss_rate\":true}}"));
    }

    /** Decodes a new toxic, then reads its attributes as the core does when it adds the toxic. */
    private static AttributeValues readAttributes(String body) throws Exception {
        NewToxic t = Requests.newToxic(json(body));
        return t.attributes().over(t.type(), t.type().defaults());
    }

    @Test
    void givenAttributesAreMatchedCaseInsensitivelyAndMergedOverTheCurrentValues() throws Exception {
        ToxicUpdate u = Requests.toxicUpdate(json("{\"attributes\":{\"JITTER\":7,\"latency\":null,\"other\":\"ignored\"}}"));
        AttributeValues current = LATENCY.values(100L, 3L);
        assertEquals(Map.of("latency", 100L, "jitter", 7L), u.attributes().over(LATENCY, current).byName());
        assertTrue(u.toxicity().isEmpty(), "toxicity kept unless given");
        ToxicUpdate noAttributes = Requests.toxicUpdate(json("{\"toxicity\":0.5}"));
        assertEquals(current, noAttributes.attributes().over(LATENCY, current));
        assertEquals(0.5, noAttributes.toxicity().getAsDouble());
        ToxicUpdate loss = Requests.toxicUpdate(json("{\"attributes\":{\"loss_rate\":1}}"));
        assertEquals(Map.of("loss_rate", 1.0, "correlation", 0.0),
                loss.attributes().over(PACKET_LOSS, PACKET_LOSS.defaults()).byName(),
                "a number attribute takes an integer and holds it as a Double");
    }

    @Test
    void toxicChecksComeInTheRealServersOrder() {
        assertRefused(InvalidSpec.class, "stream was invalid, can be either upstream or downstream",
                () -> Requests.newToxic(json("{\"type\":\"frobnicate\",\"stream\":\"sideways\"}")));
        assertRefused(Malformed.class, "field toxicity must be a number, got \"x\"",
                () -> Requests.newToxic(json("{\"type\":\"frobnicate\",\"toxicity\":\"x\"}")));
        assertRefused(InvalidSpec.class, "invalid toxic type", () -> Requests.newToxic(json("{\"type\":\"frobnicate\"}")));
        assertRefused(InvalidSpec.class, "invalid toxic type", () -> Requests.newToxic(json("{}")));
        assertRefused(Malformed.class, "field type must be a string, got 5", () -> Requests.newToxic(json("{\"type\":5}")));
        assertRefused(Malformed.class, "EOF", () -> Requests.newToxic(json(" ")));
        assertRefused(Malformed.class, "expected a JSON object, got array", () -> Requests.newToxic(json("[]")));
        assertRefused(Malformed.class, "expected a JSON object, got null", () -> Requests.toxicUpdate(json("null")));
    }

    @Test
    void aToxicityMustBeAProbabilityAndIsCheckedWhereItIsRead() throws Exception {
        assertRefused(InvalidSpec.class, "toxicity must be a number from 0 to 1, got 1.0E39",
                () -> Requests.newToxic(json("{\"type\":\"latency\",\"toxicity\":1e39}")));
        assertRefused(InvalidSpec.class, "toxicity must be a number from 0 to 1, got -0.5",
                () -> Requests.newToxic(json("{\"type\":\"frobnicate\",\"toxicity\":-0.5}")));
        assertRefused(InvalidSpec.class, "stream was invalid, can be either upstream or downstream",
                () -> Requests.newToxic(json("{\"stream\":\"sideways\",\"toxicity\":2}")));
        assertRefused(InvalidSpec.class, "toxicity must be a number from 0 to 1, got Infinity",
                () -> Requests.toxicUpdate(json("{\"toxicity\":1e400}")));
        assertEquals(0f, Requests.newToxic(json("{\"type\":\"latency\",\"toxicity\":0}")).toxicity());
        assertEquals(1.0, Requests.toxicUpdate(json("{\"toxicity\":1}")).toxicity().getAsDouble());
    }

    @Test
    void proxyRequestsDecodeToSpecsAndUpdates() throws Exception {
        assertEquals(new ProxySpec("a", "", "h:1", true),
                Requests.proxySpec(json("{\"Name\":\"a\",\"upstream\":\"h:1\",\"enabled\":null}")));
        assertEquals(new ProxySpec("", "", "", false), Requests.proxySpec(json("{\"enabled\":false}")));
        assertEquals(new ProxyUpdate(Optional.empty(), Optional.of("h:2"), Optional.of(false)),
                Requests.proxyUpdate(json("{\"upstream\":\"h:2\",\"enabled\":false}")));
        assertEquals(List.of(new ProxySpec("a", "l:0", "h:1", true), new ProxySpec("b", "", "", true)),
                Requests.proxySpecs(json("[{\"name\":\"a\",\"listen\":\"l:0\",\"upstream\":\"h:1\"},{\"name\":\"b\"}]")));
        assertRefused(Malformed.class, "field enabled must be true or false, got \"yes\"",
                () -> Requests.proxySpec(json("{\"enabled\":\"yes\"}")));
        assertRefused(Malformed.class, "expected a JSON array of proxies, got object", () -> Requests.proxySpecs(json("{}")));
        assertRefused(Malformed.class, "expected a JSON object, got number", () -> Requests.proxySpecs(json("[1]")));
        assertTrue(assertThrows(Malformed.class, () -> Requests.proxySpec(json("{not json"))).getMessage()
                .startsWith("Unexpected character"), "Jackson's first line");
    }
}
