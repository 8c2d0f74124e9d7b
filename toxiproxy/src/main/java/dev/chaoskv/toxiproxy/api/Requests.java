package dev.chaoskv.toxiproxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.toxiproxy.core.NewToxic;
import dev.chaoskv.toxiproxy.core.ProxySpec;
import dev.chaoskv.toxiproxy.core.ProxyUpdate;
import dev.chaoskv.toxiproxy.core.ToxicUpdate;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import dev.chaoskv.toxiproxy.toxics.StreamDirection;
import dev.chaoskv.toxiproxy.toxics.ToxicType;
import dev.chaoskv.toxiproxy.toxics.ToxicTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Decodes request bodies into the core's typed requests, with the real server's defaults and
 * its checks in its order. Bodies are JSON whatever the Content-Type (toxiproxy-java sends
 * form-urlencoded).
 */
final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    /** POST /proxies. */
    static ProxySpec proxySpec(byte[] body) throws Malformed {
        return proxySpec(parse(body));
    }

    /** POST /populate: a JSON array of proxies. */
    static List<ProxySpec> proxySpecs(byte[] body) throws Malformed {
        JsonNode input = parse(body);
        if (!input.isArray()) {
            throw new Malformed("expected a JSON array of proxies, got " + typeOf(input));
        }
        List<ProxySpec> specs = new ArrayList<>();
        for (JsonNode entry : input) {
            specs.add(proxySpec(entry));
        }
        return specs;
    }

    /** POST or PATCH /proxies/{name}. */
    static ProxyUpdate proxyUpdate(byte[] body) throws Malformed {
        JsonNode o = object(parse(body));
        return new ProxyUpdate(JsonFields.string(o, "listen"), JsonFields.string(o, "upstream"), JsonFields.bool(o, "enabled"));
    }

    /**
     * POST /proxies/{name}/toxics. Checks in the order of the real AddToxicJson: stream, then
     * the defaults (name {@code <type>_<stream>}, toxicity 1), then the type.
     */
    static NewToxic newToxic(byte[] body) throws Malformed, InvalidSpec {
        JsonNode o = object(parse(body));
        String streamText = JsonFields.string(o, "stream").orElse("downstream");
        StreamDirection stream = StreamDirection.parse(streamText)
                .orElseThrow(() -> new InvalidSpec("stream was invalid, can be either upstream or downstream"));
        String typeName = JsonFields.string(o, "type").orElse("");
        String name = JsonFields.string(o, "name").filter(s -> !s.isEmpty()).orElse(typeName + "_" + streamText);
        float toxicity = (float) toxicity(JsonFields.number(o, "toxicity").orElse(1.0));
        ToxicType type = ToxicTypes.find(typeName).orElseThrow(() -> new InvalidSpec("invalid toxic type"));
        return new NewToxic(name, type, stream, streamText, toxicity, new JsonAttributes(JsonFields.get(o, "attributes")));
    }

    /** POST or PATCH /proxies/{name}/toxics/{toxic}. */
    static ToxicUpdate toxicUpdate(byte[] body) throws Malformed, InvalidSpec {
        JsonNode o = object(parse(body));
        OptionalDouble toxicity = JsonFields.number(o, "toxicity");
        if (toxicity.isPresent()) {
            toxicity(toxicity.getAsDouble());
        }
        return new ToxicUpdate(toxicity, new JsonAttributes(JsonFields.get(o, "attributes")));
    }

    /**
     * A probability, so 0 to 1. Stricter than the real server, which takes any float32 (and
     * refuses one that overflows it only as a bad body): a toxicity of 1e39 used to be applied
     * always yet shown as 0.
     */
    private static double toxicity(double t) throws InvalidSpec {
        if (!(t >= 0 && t <= 1)) { // NaN fails too
            throw new InvalidSpec("toxicity must be a number from 0 to 1, got " + t);
        }
        return t;
    }

    private static ProxySpec proxySpec(JsonNode entry) throws Malformed {
        JsonNode o = object(entry);
        return new ProxySpec(
                JsonFields.string(o, "name").orElse(""),
                JsonFields.string(o, "listen").orElse(""),
                JsonFields.string(o, "upstream").orElse(""),
                JsonFields.bool(o, "enabled").orElse(true));
    }

    /** Parses a body as JSON; an empty body is Go's "EOF" error. */
    private static JsonNode parse(byte[] body) throws Malformed {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new Malformed("EOF");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new Malformed("EOF");
            }
            return node;
        } catch (IOException e) {
            throw new Malformed(firstLine(e.getMessage()));
        }
    }

    private static JsonNode object(JsonNode node) throws Malformed {
        if (!node.isObject()) {
            throw new Malformed("expected a JSON object, got " + typeOf(node));
        }
        return node;
    }

    private static String typeOf(JsonNode node) {
        return node.getNodeType().toString().toLowerCase();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
