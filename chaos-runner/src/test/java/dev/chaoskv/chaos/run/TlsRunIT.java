package dev.chaoskv.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.testkit.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run whose nodes speak mutual TLS to each other and to the runner's clients, through the embedded Toxiproxy (which passes TCP, so TLS, through). */
@ExtendWith(KeepFoldersOnFailure.class)
class TlsRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aTlsClusterUnderPartitionsThroughToxiproxyEndsValid() throws Exception {
        TestPki pki = TestPki.create(work.resolve("pki"));
        Path output = work.resolve("output.txt");
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(4), "run", "--nodes", "3", "--time-limit", "12s",
                "--nemesis", "partition", "--nemesis-interval", "3s", "--concurrency", "4", "--seed", "7", "--results-dir", "results",
                "--quiet", "--converge-timeout", "90s", "--tls-cert-store", pki.nodeStore().toString(), "--tls-trust-store", pki.trustStore().toString(),
                "--tls-password-file", pki.passwordFile().toString());
        String out = Files.readString(output);
        assertEquals(0, exit, out);
        assertTrue(out.contains("VALID"), out);

        Path run = ChaosJar.onlyRun(work.resolve("results"));
        JsonNode runJson = JSON.readTree(run.resolve("run.json").toFile());
        assertTrue(runJson.toString().contains("\"tls\":true"), runJson.toString());
        assertTrue(runJson.path("summary").path("ok").asLong() > 0, runJson.toString());
        assertTrue(runJson.path("summary").path("faultsInjected").asInt() >= 1, runJson.toString());
        List<String> history = Files.readAllLines(run.resolve("history.jsonl"));
        assertTrue(history.stream().anyMatch(l -> l.contains("\"type\":\"ok\"") && l.matches(".*\"f\":\"(write|cas|add)\".*")),
                "an acknowledged write");
        assertFalse(history.stream().anyMatch(l -> l.contains("requires TLS from clients")), "every client spoke TLS");
        for (String n : List.of("n1", "n2", "n3")) {
            String log = Files.readString(run.resolve("nodes/" + n + "/node.log"));
            assertTrue(log.contains("TLS: clients require-client-cert, peers on (mutual)"), log);
            // (A partition may cut a peer handshake short; that is not a refusal of TLS.)
            assertFalse(log.contains("refusing TLS connection") || log.contains("refusing plaintext"), n + " refused a client or peer of its own run:\n" + log);
        }
        JsonNode fin = JSON.readTree(run.resolve("final.json").toFile());
        for (String n : List.of("n1", "n2", "n3")) assertFalse(fin.path("nodes").path(n).has("error"), fin.toString());
    }
}
