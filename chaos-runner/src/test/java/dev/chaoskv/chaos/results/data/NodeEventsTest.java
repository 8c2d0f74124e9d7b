package dev.chaoskv.chaos.results.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHaltKillAndUnreachableNodeAreEachAnEventWithTheLastLinesOfTheLog() throws Exception {
        List<String> n2 = new ArrayList<>();
        for (int i = 0; i < 20; i++) n2.add("2026-11-29T23:02:%02d.000Z n2 [raft] line %d".formatted(10 + i, i));
        n2.add("2026-11-29T23:02:31.000Z n2 [node] FATAL: event loop failed: java.lang.IllegalStateException: two leaders committed different histories");
        n2.add("\tat dev.chaoskv.raft.RaftCore.append(RaftCore.java:570)");
        List<String> n1 = List.of("2026-11-29T23:02:10.000Z n1 [node] n1 starting: term 0", "2026-11-29T23:02:12.000Z n1 [raft] leader",
                "2026-11-29T23:02:20.000Z n1 [raft] after the kill", "2026-11-29T23:02:21.000Z n1 [node] n1 starting: term 3");
        List<com.fasterxml.jackson.databind.JsonNode> ledger = List.of(JSON.readTree(
                "{\"time\":\"2026-11-29T23:02:15.000Z\",\"event\":\"apply\",\"fault\":\"kill-leader\",\"nodes\":[\"n1\"],\"window\":1}"));
        var fin = JSON.readTree("{\"leader\":\"n1\",\"nodes\":{\"n1\":{\"role\":\"leader\"},\"n2\":{\"error\":\"connection refused\"}}}");
        List<NodeEvents.Event> events = NodeEvents.of(Map.of("n1", n1, "n2", n2), ledger, fin);
        assertEquals(List.of("unreachable", "killed", "exited"), events.stream().map(NodeEvents.Event::kind).toList());
        NodeEvents.Event killed = events.get(1);
        assertEquals("n1", killed.node());
        assertEquals(n1.subList(0, 2), killed.lastLines(), "the lines logged up to the kill");
        NodeEvents.Event exited = events.get(2);
        assertTrue(exited.what().startsWith("[node] FATAL: event loop failed"), exited.what());
        assertEquals(n2.get(n2.size() - 1), exited.lastLines().get(exited.lastLines().size() - 1), "the stack trace line is kept");
        assertEquals(2, NodeEvents.starts(Map.of("n1", n1)).get(0).starts());
    }
}
