package dev.chaoskv.toxiproxy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configured toxic as the API sees it. Immutable: an update makes a new spec, and links
 * notice the change by identity. {@code streamText} is echoed back exactly as it was sent.
 */
record ToxicSpec(String name, StreamDirection stream, String streamText, float toxicity, Toxic toxic) {

    ToxicSpec with(float newToxicity, Toxic newToxic) {
        return new ToxicSpec(name, stream, streamText, newToxicity, newToxic);
    }

    /** The real server's JSON field order: attributes, name, type, stream, toxicity. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attributes", toxic.attributes().byName());
        m.put("name", name);
        m.put("type", toxic.type().name());
        m.put("stream", streamText);
        m.put("toxicity", float32(toxicity));
        return m;
    }

    /** Go prints a float32 by its shortest form: 1 for 1.0 and 0.1 for 0.1f (not 0.10000000149). */
    static Object float32(float f) {
        if (f == Math.rint(f) && Math.abs(f) < 1e15) {
            return (long) f;
        }
        return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : 0;
    }
}
