package dev.chaoskv.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bandwidth, slicer and reset-peer through the embedded Toxiproxy on a real 3-node cluster: each
 * is injected and undone (start/stop events in the history), the run stays VALID, and packet-loss,
 * which Toxiproxy has no toxic for, is skipped with that reason and never counted.
 */
@ExtendWith(KeepFoldersOnFailure.class)
class LinkFaultsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void toxiproxyLinkFaultsComeAndGoAndTheRunStaysValid() throws Exception {
        Path output = work.resolve("output.txt");
        // seed 1 draws bandwidth (n3), reset-peer (n1), slicer (n3) into the three 2 s windows of 12 s
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(3), "run", "--nodes", "3",
                "--nemesis", "bandwidth,slicer,reset-peer,packet-loss", "--nemesis-interval", "2s", "--time-limit", "12s",
                "--seed", "1", "--results-dir", "results");
        String out = Files.readString(output);
        assertEquals(0, exit, out);
        assertTrue(out.contains("skipped fault packet-loss: Toxiproxy has no packet-loss toxic"), out);

        Path run = ChaosJar.onlyRun(work.resolve("results"));
        List<String> nemesis = Files.readAllLines(run.resolve("history.jsonl")).stream()
                .filter(l -> l.contains("\"process\":\"nemesis\"")).toList();
        for (String kind : List.of("bandwidth", "reset-peer", "slicer")) {
            assertEquals(1, nemesis.stream().filter(l -> l.contains("\"f\":\"start-" + kind + "\"")).count(), kind + ": " + nemesis);
            assertEquals(1, nemesis.stream().filter(l -> l.contains("\"f\":\"stop-" + kind + "\"")
                    && !l.contains("problems")).count(), kind + ": " + nemesis);
        }
        assertTrue(nemesis.stream().anyMatch(l -> l.contains("\"f\":\"start-bandwidth\"") && l.contains("\"rateKBps\":64")), nemesis.toString());
        assertTrue(nemesis.stream().noneMatch(l -> l.contains("start-packet-loss")), nemesis.toString());

        JsonNode summary = JSON.readTree(run.resolve("run.json").toFile()).path("summary");
        assertEquals(3, summary.path("faultsInjected").asInt(), summary.toString());
        assertEquals("packet-loss", summary.path("faultsSkipped").path(0).path("fault").asText(), summary.toString());
        JsonNode verdict = JSON.readTree(run.resolve("verdict.json").toFile());
        assertTrue(verdict.path("valid").asBoolean(), verdict.toString());
    }
}
