package dev.chaoskv.checker.edn;

import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryReaderTest;
import dev.chaoskv.checker.history.NemesisEvent;
import dev.chaoskv.checker.history.Operation;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EdnRoundTripTest {

    @Test
    void historyRoundTripsThroughJepsenEdn() throws Exception {
        History generated = RegisterHistoryGenerator.generate(
                GeneratorConfig.of(400, 3, 6, 0.05, 11).withMix(0.4, 0.2, 0.1, 0.05)).history();
        History original = new History(generated.operations(),
                List.of(new NemesisEvent(5_000_000, "info", "start-partition", "{\"groups\":[[\"n1\"],[\"n2\",\"n3\"]]}", 0),
                        new NemesisEvent(9_000_000, "info", "heal", "null", 0)), 0, List.of());
        StringWriter out = new StringWriter();
        EdnWriter.write(original, out);
        String edn = out.toString();
        assertTrue(edn.contains(":process :nemesis, :type :info, :f :start-partition, :value {\"groups\" [[\"n1\"] [\"n2\" \"n3\"]]}"),
                edn.substring(0, 300));
        assertTrue(edn.lines().anyMatch(l -> l.contains(":type :invoke, :f :cas, :value [\"k")), "cas tuples");
        History back = EdnHistory.read(() -> new StringReader(edn), "history.edn");
        // Keys and values come back as their EDN text: the string "v3" as "\"v3\"".
        assertEquals(HistoryReaderTest.strip(original).stream().map(EdnRoundTripTest::quoted).toList(),
                HistoryReaderTest.strip(back));
        assertEquals(2, back.nemesis().size());
        assertEquals("{\"groups\":[[\"n1\"],[\"n2\",\"n3\"]]}", back.nemesis().get(0).valueJson());
    }

    private static Operation quoted(Operation o) {
        return new Operation(o.id(), o.process(), o.f(), EdnText.of(o.key()), quote(o.expected()), quote(o.value()),
                o.outcome(), o.invokeTime(), o.completeTime(), o.node(), 0, 0);
    }

    private static String quote(String v) {
        return v == null ? null : EdnText.of(v);
    }

    @Test
    void readerHandlesEdnSyntax() {
        Object v = EdnReader.parse("{:a [1 -2 nil true] , :b \"x\\\"y\" :c (:d)}");
        assertEquals("{:a=[1, -2, null, true], :b=x\"y, :c=[:d]}", v.toString());
    }
}
