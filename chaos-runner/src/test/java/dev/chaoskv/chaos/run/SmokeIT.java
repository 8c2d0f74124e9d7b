package dev.chaoskv.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `chaos smoke` end to end against real kvnode processes: verdict valid, every results file present and plausible. */
@ExtendWith(KeepFoldersOnFailure.class)
class SmokeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void smokeRunIsValidAndWritesTheWholeResultsFolder() throws Exception {
        Path output = work.resolve("output.txt");
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(4),
                "smoke", "--time-limit", "20s", "--seed", "11", "--results-dir", "results", "--quiet");
        String out = Files.readString(output);
        assertEquals(0, exit, out);
        assertTrue(out.contains("VALID"), out);
        assertTrue(out.contains("results: "), out);

        Path results = work.resolve("results");
        Path run = ChaosJar.onlyRun(results);
        assertEquals(run.getFileName(), Files.readSymbolicLink(results.resolve("latest")));
        assertFalse(Files.exists(results.resolve(".active-run")), "the active-run pointer is removed after a clean run");
        for (String f : List.of("run.json", "history.jsonl", "lag.jsonl", "final.json", "verdict.json", "report.html",
                "faults.jsonl", "nodes/n1/node.log", "nodes/n2/node.log", "nodes/n3/node.log")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f + " is missing or empty");
        }
        try (var s = Files.list(run)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("latency-(read|write|cas|add)-ok\\.hgrm")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.matches("lag-n\\d\\.hgrm")), names.toString());
        }

        // history: client operations and nemesis events, ending with heal
        List<String> history = Files.readAllLines(run.resolve("history.jsonl"));
        assertTrue(history.size() > 200, "only " + history.size() + " history events");
        long nemesis = history.stream().filter(l -> l.contains("\"process\":\"nemesis\"")).count();
        assertTrue(nemesis >= 3, "nemesis events: " + nemesis);
        assertTrue(history.stream().anyMatch(l -> l.contains("\"f\":\"heal\"")));
        assertTrue(history.stream().anyMatch(l -> l.contains("\"type\":\"ok\"") && l.contains("\"f\":\"write\"")));

        // lag samples from every node
        Set<String> sampled = new HashSet<>();
        for (String l : Files.readAllLines(run.resolve("lag.jsonl"))) sampled.add(JSON.readTree(l).path("node").asText());
        assertEquals(Set.of("n1", "n2", "n3"), sampled);

        // final state of every node, and a leader
        JsonNode fin = JSON.readTree(run.resolve("final.json").toFile());
        assertTrue(fin.path("leader").isTextual(), fin.toString());
        for (String n : List.of("n1", "n2", "n3")) {
            JsonNode node = fin.path("nodes").path(n);
            assertFalse(node.has("error"), n + ": " + node);
            assertTrue(node.path("data").size() > 0, n + " has no data");
            assertEquals(fin.path("nodes").path(fin.path("leader").asText()).path("digest").asText(), node.path("digest").asText(),
                    n + " did not converge");
        }
        assertTrue(fin.path("leaderRead").size() >= 20);

        JsonNode verdict = JSON.readTree(run.resolve("verdict.json").toFile());
        assertTrue(verdict.path("valid").asBoolean(), verdict.toString());
        JsonNode runJson = JSON.readTree(run.resolve("run.json").toFile());
        assertEquals(11, runJson.path("seed").asInt());
        assertEquals(3, runJson.path("nodes").size());
        // By default the clients dial the nodes and only the peer links cross Toxiproxy.
        assertEquals("direct", runJson.path("parameters").path("clientLinks").asText());
        for (JsonNode n : runJson.path("nodes")) {
            assertTrue(n.path("clientProxy").isNull(), n.toString());
            assertEquals(2, n.path("peerProxies").size(), n.toString());
        }
        assertTrue(runJson.path("summary").path("faultsInjected").asInt() >= 3, runJson.toString());
        assertTrue(runJson.path("summary").path("ok").asLong() > 0);
        // Where it ran, asked while everything still answered (the embedded Toxiproxy included).
        JsonNode env = runJson.path("environment");
        for (String field : List.of("commit", "host", "user", "jvm")) {
            assertFalse(env.path(field).asText("unknown").startsWith("unknown"), field + ": " + env);
        }
        assertTrue(runJson.path("versions").path("toxiproxy").asText().matches("\\d+\\.\\d+\\.\\d+"), runJson.toString());
        // One time-to-converge: the checker's, in run.json, the console and the report alike.
        double ttc = verdict.path("checks").path("convergence").path("timeToConvergeMillis").asDouble(-1);
        assertTrue(ttc >= 0, verdict.toString());
        assertEquals(ttc, runJson.path("summary").path("timeToConvergeMs").asDouble(), 1e-9);
        String said = String.format(java.util.Locale.ROOT, "%.3f s", ttc / 1000);
        assertTrue(out.contains("time to converge " + said), said + " not in: " + out);
        assertTrue(Files.readString(run.resolve("report.html")).contains(said), said);
        assertTrue(Files.readString(run.resolve("console.log")).contains("time to converge " + said), "console.log");
        String report = Files.readString(run.resolve("report.html"));
        assertTrue(report.contains("<svg") && report.contains("VALID"));

        assertTrue(ChaosJar.processesOf(run).isEmpty(), "nodes left running: " + ChaosJar.processesOf(run));

        // `chaos check` on the stored run agrees
        Path check = work.resolve("check.txt");
        assertEquals(0, ChaosJar.run(work, check, Duration.ofMinutes(2), "check", run.toString()), Files.readString(check));
    }
}
