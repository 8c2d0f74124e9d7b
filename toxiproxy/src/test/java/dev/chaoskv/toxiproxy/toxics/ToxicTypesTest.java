package dev.chaoskv.toxiproxy.toxics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The toxic registry: every type of the real server, each declared once and built from its own attributes. */
class ToxicTypesTest {

    @Test
    void theRegistryHasEveryToxicOfTheRealServerWithItsAttributesInItsFieldOrder() {
        Map<String, List<Attribute>> expected = new LinkedHashMap<>(); // toxics/*.go in Toxiproxy 2.12.0
        expected.put("latency", List.of(Attribute.integer("latency"), Attribute.integer("jitter")));
        expected.put("bandwidth", List.of(Attribute.integer("rate")));
        expected.put("slow_close", List.of(Attribute.integer("delay")));
        expected.put("timeout", List.of(Attribute.integer("timeout")));
        expected.put("reset_peer", List.of(Attribute.integer("timeout")));
        expected.put("slicer", List.of(Attribute.integer("average_size"), Attribute.integer("size_variation"),
                Attribute.integer("delay")));
        expected.put("limit_data", List.of(Attribute.integer("bytes")));
        expected.put("noop", List.of());
        expected.put("packet_loss", List.of(Attribute.number("loss_rate"), Attribute.number("correlation"))); // extension
        Map<String, List<Attribute>> actual = new LinkedHashMap<>();
        ToxicTypes.all().forEach(t -> actual.put(t.name(), t.attributes()));
        assertEquals(expected, actual);
        expected.keySet().forEach(name -> assertEquals(name, ToxicTypes.find(name).orElseThrow().name()));
    }

    @Test
    void everyToxicClassIsRegisteredWithTheTypeItDeclares() throws Exception {
        List<String> classes;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/chaoskv/toxiproxy/toxics"))) {
            classes = files.filter(ToxicTypesTest::implementsToxic)
                    .map(f -> f.getFileName().toString().replace(".java", "")).sorted().toList();
        }
        assertEquals(ToxicTypes.all().size(), classes.size(), "one class per registered type: " + classes);
        for (String name : classes) {
            Object declared = Class.forName("dev.chaoskv.toxiproxy.toxics." + name).getDeclaredField("TYPE").get(null);
            assertTrue(ToxicTypes.all().contains(declared), name + ".TYPE is registered in ToxicTypes");
        }
    }

    private static boolean implementsToxic(Path source) {
        try {
            return Files.readString(source).contains(" implements Toxic {");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void unknownAndMiscasedNamesAreNotFound() {
        assertTrue(ToxicTypes.find("frobnicate").isEmpty());
        assertTrue(ToxicTypes.find("Latency").isEmpty(), "type names are matched exactly, as in the real server");
        assertTrue(ToxicTypes.find("").isEmpty());
    }

    @Test
    void eachTypeBuildsAToxicThatHoldsEveryValueUnderItsOwnName() {
        for (ToxicType type : ToxicTypes.all()) {
            Number[] distinct = new Number[type.attributes().size()];
            for (int i = 0; i < distinct.length; i++) {
                distinct[i] = type.attributes().get(i).kind() == Attribute.Kind.INTEGER ? (Number) (i + 11L) : (Number) (i + 0.25);
            }
            AttributeValues values = type.values(distinct);
            Toxic toxic = type.create(values);
            assertSame(type, toxic.type(), type.name());
            assertEquals(values, toxic.attributes(), type.name() + " keeps each attribute in its own field");
        }
    }

    @Test
    void defaultsAreZeroOfEachAttributesKind() {
        assertEquals(Map.of("latency", 0L, "jitter", 0L), LatencyToxic.TYPE.defaults().byName());
        assertEquals(Map.of("loss_rate", 0.0, "correlation", 0.0), PacketLossToxic.TYPE.defaults().byName());
        assertEquals(List.of("average_size", "size_variation", "delay"),
                List.copyOf(SlicerToxic.TYPE.defaults().byName().keySet()), "in the real server's field order");
    }

    @Test
    void valuesAreStoredAsTheirKindAndMustMatchTheAttributeCount() {
        assertEquals(Map.of("loss_rate", 1.0, "correlation", 0.0), PacketLossToxic.TYPE.values(1L, 0).byName());
        assertEquals(Map.of("rate", 7L), BandwidthToxic.TYPE.values(7.9).byName(), "an integer attribute holds a Long");
        assertThrows(IllegalArgumentException.class, () -> LatencyToxic.TYPE.values(1L));
    }
}
