package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.AlreadyExists;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.NotFound;
import dev.chaoskv.toxiproxy.toxics.StreamDirection;
import dev.chaoskv.toxiproxy.toxics.Toxic;
import dev.chaoskv.toxiproxy.toxics.ToxicSpec;
import dev.chaoskv.toxiproxy.toxics.ToxicType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The toxics configured on one proxy, per stream in insertion order. Applies add and update
 * requests with the real server's checks in the real server's order. Guarded by the owning
 * proxy's lock.
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

    ToxicSpec get(String name) throws NotFound {
        return find(name).orElseThrow(NotFound::toxic);
    }

    /**
     * As the real AddToxicJson ends: the name must be free, then the attributes are read. Before
     * that, this server's own rule: a name that can be addressed in a URL path.
     */
    ToxicSpec add(NewToxic request) throws AlreadyExists, Malformed, InvalidSpec {
        PathSegmentName.require("toxic", request.name(), "");
        if (find(request.name()).isPresent()) {
            throw AlreadyExists.toxic();
        }
        ToxicType type = request.type();
        Toxic toxic = type.create(request.attributes().over(type, type.defaults()));
        ToxicSpec spec = new ToxicSpec(request.name(), request.stream(), request.streamText(), request.toxicity(), toxic);
        listOf(spec.stream()).add(spec);
        return spec;
    }

    /** Merges the given attributes into the current values and keeps the toxicity unless given. */
    ToxicSpec update(String name, ToxicUpdate request) throws NotFound, Malformed {
        ToxicSpec current = get(name);
        float toxicity = (float) request.toxicity().orElse(current.toxicity());
        ToxicType type = current.toxic().type();
        Toxic toxic = type.create(request.attributes().over(type, current.toxic().attributes()));
        ToxicSpec updated = current.with(toxicity, toxic);
        List<ToxicSpec> list = listOf(current.stream());
        list.set(list.indexOf(current), updated);
        return updated;
    }

    ToxicSpec remove(String name) throws NotFound {
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
