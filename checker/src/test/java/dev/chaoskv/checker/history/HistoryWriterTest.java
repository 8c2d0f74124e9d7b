package dev.chaoskv.checker.history;

import dev.chaoskv.checker.CheckerInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The streaming side of the one history encoder: the exact lines, and that the reader takes them back. */
class HistoryWriterTest {
    @TempDir
    Path dir;

    @Test
    void streamsNumberedLinesInTheDocumentedShape() throws IOException, CheckerInputException {
        Path file = dir.resolve("history.jsonl");
        try (HistoryWriter w = new HistoryWriter(Files.newOutputStream(file))) {
            w.invoke(10, 0, Fn.WRITE, "k1", null, "v0-1");
            w.complete(20, 0, Outcome.OK, Fn.WRITE, "k1", null, "v0-1", "n1", null);
            w.invoke(30, 1, Fn.READ, "k1", null, null);
            w.nemesis(35, "info", "start-partition", "{\"groups\":[[\"n1\"],[\"n2\",\"n3\"]]}");
            w.complete(40, 1, Outcome.OK, Fn.READ, "k1", null, "v0-1", "n2", null);
            w.invoke(50, 2, Fn.CAS, "k1", null, "v2-1");
            w.complete(60, 2, Outcome.INFO, Fn.CAS, "k1", null, "v2-1", null, "timeout");
            assertEquals(7, w.events());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of(
                "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k1\",\"value\":\"v0-1\"}",
                "{\"index\":1,\"time\":20,\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k1\",\"value\":\"v0-1\",\"node\":\"n1\"}",
                "{\"index\":2,\"time\":30,\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k1\",\"value\":null}",
                "{\"index\":3,\"time\":35,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-partition\",\"value\":{\"groups\":[[\"n1\"],[\"n2\",\"n3\"]]}}",
                "{\"index\":4,\"time\":40,\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"key\":\"k1\",\"value\":\"v0-1\",\"node\":\"n2\"}",
                "{\"index\":5,\"time\":50,\"process\":2,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"k1\",\"value\":[null,\"v2-1\"]}",
                "{\"index\":6,\"time\":60,\"process\":2,\"type\":\"info\",\"f\":\"cas\",\"key\":\"k1\",\"value\":[null,\"v2-1\"],\"error\":\"timeout\"}"),
                lines);

        History back = HistoryReader.read(file);
        assertEquals(3, back.operations().size());
        assertEquals("v0-1", back.operations().get(1).value());
        assertEquals(Outcome.INFO, back.operations().get(2).outcome());
        assertEquals(1, back.nemesis().size());
    }

    @Test
    void aFailedReadRecordsNoValueEvenIfOneIsPassed() throws IOException {
        Path file = dir.resolve("history.jsonl");
        try (HistoryWriter w = new HistoryWriter(Files.newOutputStream(file))) {
            w.complete(1, 0, Outcome.FAIL, Fn.READ, "k", null, "stale", null, "not leader");
        }
        String line = Files.readAllLines(file).get(0);
        assertEquals("{\"index\":0,\"time\":1,\"process\":0,\"type\":\"fail\",\"f\":\"read\",\"key\":\"k\",\"value\":null,\"error\":\"not leader\"}", line);
    }
}
