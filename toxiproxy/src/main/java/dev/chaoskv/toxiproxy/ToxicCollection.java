package dev.chaoskv.toxiproxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The toxics configured on one proxy, per stream in insertion order. Decodes toxic requests
 * with the real server's checks in the real server's order. Guarded by the owning proxy's lock.
 */
final class ToxicCollection {
    private final List<ToxicSpec> upstream = new ArrayList<>();
    private final List<ToxicSpec> downstream = new ArrayList<>();

    List<ToxicSpec> list(StreamDirection d) {
        return List.copyOf(d == StreamDirection.UPSTREAM ? upstream : downstream);
    }

    /** Upstream toxics first, then downstream, as GET /toxics lists them. */
    List<ToxicSpec> all() {
        List<ToxicSpec> all = new ArrayList<>(upstream);
        all.addAll(downstream);
        return all;
    }

    boolean isEmpty() {
        return upstream.isEmpty() && downstream.isEmpty();
    }

    ToxicSpec get(String name) throws ApiException {
        return find(name).orElseThrow(ApiException::toxicNotFound);
    }

    /** Order of checks as in the real AddToxicJson: stream, default name, type, duplicate, attributes. */
    ToxicSpec add(JsonNode body) throws ApiException {
        String streamText = JsonFields.string(body, "stream").orElse("downstream");
        StreamDirection stream = StreamDirection.parse(streamText);
        String type = JsonFields.string(body, "type").orElse("");
        String name = JsonFields.string(body, "name").filter(s -> !s.isEmpty()).orElse(type + "_" + streamText);
        float toxicity = (float) JsonFields.number(body, "toxicity").orElse(1.0);
        ToxicType toxicType = ToxicTypes.find(type).orElseThrow(() -> new ApiException(400, "invalid toxic type"));
        if (find(name).isPresent()) {
            throw new ApiException(409, "toxic already exists");
        }
        Toxic toxic = toxicType.create(JsonAttributes.decode(toxicType, JsonFields.get(body, "attributes"), toxicType.defaults()));
        ToxicSpec spec = new ToxicSpec(name, stream, streamText, toxicity, toxic);
        listOf(stream).add(spec);
        return spec;
    }

    /** Merges {@code attributes} into the current values and keeps the toxicity unless given. */
    ToxicSpec update(String name, JsonNode body) throws ApiException {
        ToxicSpec current = get(name);
        float toxicity = (float) JsonFields.number(body, "toxicity").orElse(current.toxicity());
        ToxicType type = current.toxic().type();
        Toxic toxic = type.create(JsonAttributes.decode(type, JsonFields.get(body, "attributes"), current.toxic().attributes()));
        ToxicSpec updated = current.with(toxicity, toxic);
        List<ToxicSpec> list = listOf(current.stream());
        list.set(list.indexOf(current), updated);
        return updated;
    }

    ToxicSpec remove(String name) throws ApiException {
        ToxicSpec spec = get(name);
        listOf(spec.stream()).remove(spec);
        return spec;
    }

    void clear() {
        upstream.clear();
        downstream.clear();
    }

    private Optional<ToxicSpec> find(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private List<ToxicSpec> listOf(StreamDirection d) {
        return d == StreamDirection.UPSTREAM ? upstream : downstream;
    }
}
