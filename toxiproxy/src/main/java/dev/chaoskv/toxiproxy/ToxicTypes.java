package dev.chaoskv.toxiproxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/** Builds a {@link Toxic} from its type name and JSON attributes, merged over current values. */
final class ToxicTypes {
    private static final Set<String> KNOWN = Set.of("latency", "bandwidth", "slow_close", "timeout",
            "reset_peer", "slicer", "limit_data", "noop", "packet_loss");

    private ToxicTypes() {
    }

    static boolean known(String type) {
        return KNOWN.contains(type);
    }

    /**
     * Decodes {@code attributes} (may be null) for {@code type}. Keys it omits keep their value
     * in {@code current} (an update merges, like the real server) or become 0 on creation.
     */
    static Toxic decode(String type, JsonNode attributes, Map<String, Object> current) throws ApiException {
        if (attributes != null && !attributes.isObject()) {
            throw ApiException.badBody("attributes must be a JSON object, got " + attributes);
        }
        Attrs a = new Attrs(attributes, current);
        return switch (type) {
            case "latency" -> new LatencyToxic(a.integer("latency"), a.integer("jitter"));
            case "bandwidth" -> new BandwidthToxic(a.integer("rate"));
            case "slow_close" -> new SlowCloseToxic(a.integer("delay"));
            case "timeout" -> new TimeoutToxic(a.integer("timeout"));
            case "reset_peer" -> new ResetPeerToxic(a.integer("timeout"));
            case "slicer" -> new SlicerToxic(a.integer("average_size"), a.integer("size_variation"), a.integer("delay"));
            case "limit_data" -> new LimitDataToxic(a.integer("bytes"));
            case "packet_loss" -> new PacketLossToxic(a.number("loss_rate"), a.number("correlation"));
            case "noop" -> new NoopToxic();
            default -> throw new ApiException(400, "invalid toxic type");
        };
    }

    /** Reads one attribute from the request, falling back to its current value, then 0. */
    private record Attrs(JsonNode given, Map<String, Object> current) {
        long integer(String key) throws ApiException {
            if (given != null) {
                var v = JsonFields.integer(given, key);
                if (v.isPresent()) {
                    return v.getAsLong();
                }
            }
            return current.get(key) instanceof Number n ? n.longValue() : 0L;
        }

        double number(String key) throws ApiException {
            if (given != null) {
                var v = JsonFields.number(given, key);
                if (v.isPresent()) {
                    return v.getAsDouble();
                }
            }
            return current.get(key) instanceof Number n ? n.doubleValue() : 0.0;
        }
    }
}
