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

/** Faults that cannot apply to the cluster are reported as skipped everywhere a run reports faults, and never counted. */
@ExtendWith(KeepFoldersOnFailure.class)
class SkippedFaultsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aPartitionAndAKillOnOneNodeAreSkippedInTheStatusLineHistoryAndRunJson() throws Exception {
        Path output = work.resolve("output.txt");
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(2), "run", "--nodes", "1", "--nemesis", "partition,kill",
                "--time-limit", "3s", "--seed", "1", "--results-dir", "results");
        String out = Files.readString(output);
        assertEquals(0, exit, out);
        assertTrue(out.contains("skipped fault partition: every fault of the group needs at least 3 nodes, the cluster has 1"), out);
        assertTrue(out.contains("| faults: none, skipped partition, kill |"), out);
        assertTrue(out.contains("faults injected 0, skipped 2"), out);

        Path run = ChaosJar.onlyRun(work.resolve("results"));
        List<String> skips = Files.readAllLines(run.resolve("history.jsonl")).stream()
                .filter(l -> l.contains("\"process\":\"nemesis\"") && l.contains("\"f\":\"skip\"")).toList();
        assertEquals(2, skips.size(), skips.toString());
        assertTrue(skips.stream().allMatch(l -> l.contains("\"type\":\"info\"")), skips.toString());
        JsonNode summary = JSON.readTree(run.resolve("run.json").toFile()).path("summary");
        assertEquals(0, summary.path("faultsInjected").asInt());
        assertEquals("kill", summary.path("faultsSkipped").path(1).path("fault").asText(), summary.toString());
        assertTrue(summary.path("faultsSkipped").path(1).path("reason").asText().contains("needs at least 3 nodes"));
    }
}
