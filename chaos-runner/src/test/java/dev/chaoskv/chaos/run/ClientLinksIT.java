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
 * {@code --client-links direct}: the clients dial the nodes, only peer links get proxies, and a
 * partition still cuts the cluster: the run injects it, heals it and stays VALID.
 */
@ExtendWith(KeepFoldersOnFailure.class)
class ClientLinksIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void clientsDialTheNodesAndPartitionsStillCutThePeerLinks() throws Exception {
        Path output = work.resolve("output.txt");
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(3), "run", "--nodes", "3", "--client-links", "direct",
                "--nemesis", "partition-leader", "--nemesis-interval", "2s", "--time-limit", "8s",
                "--seed", "3", "--results-dir", "results");
        String out = Files.readString(output);
        assertEquals(0, exit, out);

        Path run = ChaosJar.onlyRun(work.resolve("results"));
        JsonNode runJson = JSON.readTree(run.resolve("run.json").toFile());
        assertEquals("direct", runJson.path("parameters").path("clientLinks").asText(), runJson.path("parameters").toString());
        for (JsonNode n : runJson.path("nodes")) {
            assertTrue(n.path("clientProxy").isNull(), n.toString());
            assertEquals(2, n.path("peerProxies").size(), n.toString());
        }
        List<String> history = Files.readAllLines(run.resolve("history.jsonl"));
        assertTrue(history.stream().anyMatch(l -> l.contains("\"f\":\"start-partition\"")), "a partition was injected");
        // The clients reached the nodes: operations completed ok, answered by named nodes.
        assertTrue(history.stream().filter(l -> l.contains("\"type\":\"ok\"") && l.contains("\"node\":\"n")).count() > 50,
                "ok operations answered by the nodes");
        JsonNode verdict = JSON.readTree(run.resolve("verdict.json").toFile());
        assertTrue(verdict.path("valid").asBoolean(), verdict.toString());
    }
}
