package dev.chaoskv.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --client-links proxy}: every node also gets a client proxy, the clients reach the nodes
 * only through those proxies, and a partition (which cuts peer links only) is injected, healed
 * and the run stays VALID. The default, clients dialling the nodes, is what every other run test
 * exercises ({@code SmokeIT} checks its run.json).
 */
@ExtendWith(KeepFoldersOnFailure.class)
class ClientLinksIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void clientsGoThroughTheirOwnProxiesAndPartitionsStillCutThePeerLinks() throws Exception {
        Path output = work.resolve("output.txt");
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(3), "run", "--nodes", "3", "--client-links", "proxy",
                "--nemesis", "partition-leader", "--nemesis-interval", "2s", "--time-limit", "8s",
                "--seed", "3", "--results-dir", "results");
        String out = Files.readString(output);
        assertEquals(0, exit, out);
        assertTrue(out.contains("9 proxies"), "6 peer links and 3 client links: " + out);

        Path run = ChaosJar.onlyRun(work.resolve("results"));
        JsonNode runJson = JSON.readTree(run.resolve("run.json").toFile());
        assertEquals("proxy", runJson.path("parameters").path("clientLinks").asText(), runJson.path("parameters").toString());
        Set<String> clientProxies = new HashSet<>();
        for (JsonNode n : runJson.path("nodes")) {
            String proxy = n.path("clientProxy").asText(null);
            assertTrue(proxy != null && proxy.startsWith("127.0.0.1:"), n.toString());
            assertNotEquals(n.path("address").asText(), proxy, "the clients' address is the proxy's, not the node's: " + n);
            assertEquals(2, n.path("peerProxies").size(), n.toString());
            clientProxies.add(proxy);
        }
        assertEquals(3, clientProxies.size(), "one client proxy per node: " + clientProxies);
        List<String> history = Files.readAllLines(run.resolve("history.jsonl"));
        assertTrue(history.stream().anyMatch(l -> l.contains("\"f\":\"start-partition\"")), "a partition was injected");
        // The clients reached the nodes through the proxies: operations completed ok, answered by named nodes.
        assertTrue(history.stream().filter(l -> l.contains("\"type\":\"ok\"") && l.contains("\"node\":\"n")).count() > 50,
                "ok operations answered by the nodes");
        JsonNode verdict = JSON.readTree(run.resolve("verdict.json").toFile());
        assertTrue(verdict.path("valid").asBoolean(), verdict.toString());
    }
}
