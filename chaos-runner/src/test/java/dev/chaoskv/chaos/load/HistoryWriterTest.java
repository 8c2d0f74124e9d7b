package dev.chaoskv.chaos.load;

import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryReader;
import dev.chaoskv.checker.history.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesOneEventPerLineThatTheCheckerReads() throws Exception {
        Path file = dir.resolve("history.jsonl");
        try (HistoryWriter h = new HistoryWriter(file, System.nanoTime(), 10)) {
            Op w = new Op.Write("k1", "v0-1");
            h.invoke(0, w);
            h.complete(0, w, "ok", null, "n1", null);
            h.nemesis("start-partition", Map.of("groups", List.of(List.of("n1"), List.of("n2", "n3"))));
            Op r = new Op.Read("k1");
            h.invoke(1, r);
            h.complete(1, r, "ok", "v0-1", "n1", null);
            Op c = new Op.Cas("k1", null, "v2-1");
            h.invoke(2, c);
            h.complete(2, c, "fail", null, null, "cas mismatch");
            Op a = new Op.Add("s3-1", "v3-1");
            h.invoke(3, a);
            h.complete(3, a, "info", null, null, "timeout");
            h.nemesis("heal", Map.of());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(10, lines.size());
        assertTrue(lines.get(1).contains("\"node\":\"n1\""));
        assertTrue(lines.get(6).contains("\"value\":[null,\"v2-1\"]"));
        History history = HistoryReader.read(file);
        assertEquals(4, history.operations().size());
        assertEquals(Outcome.OK, history.operations().get(1).outcome());
        assertEquals("v0-1", history.operations().get(1).value());
        assertEquals(Outcome.INFO, history.operations().get(3).outcome());
        assertTrue(history.lastHealTime().isPresent());
    }

    @Test
    void theFlusherLeavesACheckablePrefixWhileTheRunIsLive() throws Exception {
        Path file = dir.resolve("history.jsonl");
        HistoryWriter h = new HistoryWriter(file, System.nanoTime(), 10);
        Op w = new Op.Write("k1", "v0-1");
        h.invoke(0, w);
        h.complete(0, w, "ok", null, "n1", null);
        h.invoke(0, new Op.Read("k1")); // still open: a crash now leaves it unfinished
        Thread.sleep(200);
        History history = HistoryReader.read(file);
        assertEquals(2, history.operations().size());
        h.close();
    }
}
