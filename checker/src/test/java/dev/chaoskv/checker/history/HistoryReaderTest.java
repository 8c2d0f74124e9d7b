package dev.chaoskv.checker.history;

import dev.chaoskv.checker.CheckerInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class HistoryReaderTest {
    @TempDir
    Path dir;

    private History read(String text) throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, text);
        return HistoryReader.read(file);
    }

    private HistoryFormatException bad(String text) {
        return assertThrows(HistoryFormatException.class, () -> read(text));
    }

    @Test
    void pairsInvocationsWithCompletionsAndKeepsNemesisEvents() throws Exception {
        // Unknown fields (the runner's "error", anything nested) are skipped.
        History h = read("""
                {"index":0,"time":1203344,"process":3,"type":"invoke","f":"write","key":"k7","value":"v3-17"}
                {"index":1,"time":1300000,"process":4,"type":"invoke","f":"read","key":"k7","value":null}
                {"index":2,"time":1984211,"process":3,"type":"ok","f":"write","key":"k7","value":"v3-17","node":"n1"}
                {"index":3,"time":2000000,"process":4,"type":"ok","f":"read","key":"k7","value":"v3-17"}
                {"index":4,"time":3000000,"process":5,"type":"invoke","f":"cas","key":"k7","value":["v3-17","v9"]}
                {"index":5,"time":3100000,"process":5,"type":"fail","f":"cas","key":"k7","value":["v3-17","v9"],"error":"not leader","extra":{"a":[1,2]}}
                {"index":9,"time":5000000,"process":"nemesis","type":"info","f":"start-partition","value":{"groups":[["n1"],["n2","n3"]]}}
                {"index":10,"time":6000000,"process":6,"type":"invoke","f":"write","key":"k1","value":"x"}
                {"index":11,"time":9000000,"process":"nemesis","type":"info","f":"heal","value":null}
                """);
        assertEquals(4, h.operations().size());
        Operation w = h.operations().get(0);
        assertEquals(Fn.WRITE, w.f());
        assertEquals(Outcome.OK, w.outcome());
        assertEquals(1203344, w.invokeTime());
        assertEquals(1984211, w.completeTime());
        assertEquals("n1", w.node());
        assertEquals("v3-17", h.operations().get(1).value());
        Operation cas = h.operations().get(2);
        assertEquals("v3-17", cas.expected());
        assertEquals("v9", cas.value());
        assertEquals(Outcome.FAIL, cas.outcome());
        Operation open = h.operations().get(3);
        assertEquals(Outcome.INFO, open.outcome());
        assertEquals(Operation.NO_COMPLETION, open.completeTime());
        assertEquals(1, h.unfinished());
        assertEquals(2, h.nemesis().size());
        assertEquals("{\"groups\":[[\"n1\"],[\"n2\",\"n3\"]]}", h.nemesis().get(0).valueJson());
        assertEquals(9000000, h.lastHealTime().orElseThrow());
    }

    @Test
    void malformedJsonNamesTheLine() {
        var e = bad("""
                {"time":1,"process":1,"type":"invoke","f":"read","key":"k"}
                {"time":2,"process":1,"type":"ok","f":"read","key":"k","value":
                """ + "\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("history.jsonl line 2: malformed JSON"), e.getMessage());
    }

    @Test
    void unknownOperationNamesTheLineAndTheAllowedOnes() {
        var e = bad("{\"time\":1,\"process\":1,\"type\":\"invoke\",\"f\":\"increment\",\"key\":\"k\"}\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("unknown f \"increment\""), e.getMessage());
    }

    @Test
    void twoEventsOnOneLineAreRejected() {
        var e = bad("{\"time\":1,\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k\"}"
                + "{\"time\":2,\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"key\":\"k\"}\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("more than one event on this line"), e.getMessage());
    }

    @Test
    void eventSpanningLinesIsRejected() {
        var e = bad("{\"time\":1,\"process\":1,\n\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k\"}\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("must fit on one line"), e.getMessage());
    }

    @Test
    void garbageLineNamesItsLine() {
        var e = bad("{\"time\":1,\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k\"}\n\n"
                + "garbage here\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("history.jsonl line 3: malformed JSON"), e.getMessage());
    }

    @Test
    void missingTimeIsRejected() {
        var e = bad("{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k\"}\n");
        assertTrue(e.getMessage().contains("missing \"time\""), e.getMessage());
    }

    @Test
    void completionWithoutInvocationIsRejected() {
        var e = bad("{\"time\":1,\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"key\":\"k\",\"value\":null}\n");
        assertTrue(e.getMessage().contains("has no matching invoke"), e.getMessage());
    }

    @Test
    void secondInvocationWhileOpenIsRejectedWithBothLines() {
        var e = bad("""
                {"time":1,"process":1,"type":"invoke","f":"read","key":"k"}
                {"time":2,"process":1,"type":"invoke","f":"write","key":"k","value":"v"}
                """);
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("from line 1 is still open"), e.getMessage());
    }

    @Test
    void casNeedsAPair() {
        var e = bad("{\"time\":1,\"process\":1,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"k\",\"value\":\"v\"}\n");
        assertTrue(e.getMessage().contains("cas needs \"value\": [expected, new]"), e.getMessage());
    }

    @Test
    void processMustBeAnIntegerOrNemesis() {
        var e = bad("{\"time\":1,\"process\":\"p1\",\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k\"}\n");
        assertTrue(e.getMessage().contains("\"process\" must be an integer or \"nemesis\""), e.getMessage());
    }

    @Test
    void truncatedLastLineOfACrashedRunIsIgnoredWithAWarning() throws Exception {
        History h = read("{\"time\":1,\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k\"}\n"
                + "{\"time\":2,\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"key\":\"k\",\"value\":null}\n"
                + "{\"time\":3,\"process\":1,\"type\":\"inv");
        assertEquals(1, h.operations().size());
        assertNull(h.operations().get(0).value());
        assertTrue(h.warnings().get(0).contains("line 3 is truncated"), h.warnings().toString());
    }

    @Test
    void missingFileIsBadInput() {
        assertThrows(CheckerInputException.class, () -> HistoryReader.read(dir.resolve("nope.jsonl")));
    }

    @Test
    void writerOutputReadsBackToTheSameOperations() throws IOException, CheckerInputException {
        History original = dev.chaoskv.checker.gen.RegisterHistoryGenerator.generate(
                dev.chaoskv.checker.gen.GeneratorConfig.of(500, 3, 5, 0.05, 3)).history();
        Path file = dir.resolve("h.jsonl");
        HistoryWriter.write(original, file);
        History back = HistoryReader.read(file);
        assertEquals(strip(original), strip(back));
    }

    /** Operations without source line numbers, which differ between generated and read histories. */
    public static java.util.List<Operation> strip(History h) {
        return h.operations().stream().map(o -> new Operation(o.id(), o.process(), o.f(), o.key(), o.expected(),
                o.value(), o.outcome(), o.invokeTime(), o.completeTime(), o.node(), 0, 0)).toList();
    }
}
