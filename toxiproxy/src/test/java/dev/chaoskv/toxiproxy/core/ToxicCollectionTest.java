package dev.chaoskv.toxiproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.AlreadyExists;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.NotFound;
import dev.chaoskv.toxiproxy.toxics.StreamDirection;
import dev.chaoskv.toxiproxy.toxics.ToxicSpec;
import dev.chaoskv.toxiproxy.toxics.ToxicType;
import dev.chaoskv.toxiproxy.toxics.ToxicTypes;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Adding and changing a proxy's toxics from typed requests, with the real server's checks in its order. */
class ToxicCollectionTest {
    private static final ToxicType LATENCY = ToxicTypes.find("latency").orElseThrow();
    private static final GivenAttributes NONE = (type, current) -> current;
    private static final GivenAttributes UNREADABLE = (type, current) -> {
        throw new Malformed("attribute latency must be an integer, got \"x\"");
    };

    private final ToxicCollection toxics = new ToxicCollection();

    private static NewToxic latency(String name, StreamDirection stream, GivenAttributes attributes) {
        return new NewToxic(name, LATENCY, stream, stream.wireName(), 1f, attributes);
    }

    @Test
    void aTakenNameIsRefusedBeforeTheAttributesAreRead() throws Exception {
        toxics.add(latency("lat", StreamDirection.UPSTREAM, NONE));
        AlreadyExists e = assertThrows(AlreadyExists.class, () -> toxics.add(latency("lat", StreamDirection.DOWNSTREAM, UNREADABLE)));
        assertEquals("toxic already exists", e.getMessage(), "names are unique across both streams");
        assertThrows(Malformed.class, () -> toxics.add(latency("other", StreamDirection.DOWNSTREAM, UNREADABLE)));
        assertEquals(1, toxics.all().size(), "nothing is added when the attributes cannot be read");
    }

    @Test
    void attributesAreReadOverTheTypesDefaultsThenOverTheCurrentValues() throws Exception {
        ToxicSpec added = toxics.add(latency("lat", StreamDirection.DOWNSTREAM,
                (type, current) -> type.values(100L, current.integer("jitter"))));
        assertEquals(Map.of("latency", 100L, "jitter", 0L), added.toxic().attributes().byName());

        ToxicSpec updated = toxics.update("lat", new ToxicUpdate(OptionalDouble.empty(),
                (type, current) -> type.values(current.integer("latency"), 5L)));
        assertEquals(Map.of("latency", 100L, "jitter", 5L), updated.toxic().attributes().byName());
        assertEquals(1f, updated.toxicity(), "kept when not given");
        assertEquals(0.5f, toxics.update("lat", new ToxicUpdate(OptionalDouble.of(0.5), NONE)).toxicity());
        assertEquals(List.of(toxics.get("lat")), toxics.list(StreamDirection.DOWNSTREAM), "replaced in place");
    }

    @Test
    void upstreamToxicsAreListedFirstAndMissingOnesAreNotFound() throws Exception {
        toxics.add(latency("down", StreamDirection.DOWNSTREAM, NONE));
        toxics.add(latency("up", StreamDirection.UPSTREAM, NONE));
        assertEquals(List.of("up", "down"), toxics.all().stream().map(ToxicSpec::name).toList());
        toxics.remove("up");
        assertEquals("toxic not found", assertThrows(NotFound.class, () -> toxics.get("up")).getMessage());
        assertThrows(NotFound.class, () -> toxics.update("up", new ToxicUpdate(OptionalDouble.empty(), NONE)));
        assertThrows(NotFound.class, () -> toxics.remove("up"));
    }
}
