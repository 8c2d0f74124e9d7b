package dev.chaoskv.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness sees a real bug: with {@code --quorum=1} a leader acknowledges writes alone. Cut the
 * leader off from its peers (its client proxy stays up, so clients keep writing to it) long enough
 * for the majority to elect a new leader: the old leader's acknowledged writes never reach the new
 * one, and heal throws them away. The run must end with exit 1 and name lost writes.
 */
@ExtendWith(KeepFoldersOnFailure.class)
class UnsafeModeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void quorumOfOneLosesAcknowledgedWritesWhenTheLeaderIsPartitioned() throws Exception {
        Path output = work.resolve("output.txt");
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(4),
                "run", "--time-limit", "20s", "--nemesis", "partition-leader", "--partition-mode", "blackhole",
                "--nemesis-interval", "5s", "--kvnode-arg=--quorum=1", "--workload", "mixed", "--rate", "300",
                "--seed", "5", "--converge-timeout", "10s", "--results-dir", "results", "--name", "unsafe", "--quiet");
        String out = Files.readString(output);
        assertEquals(1, exit, out);
        assertTrue(out.contains("INVALID"), out);
        assertTrue(Pattern.compile("[1-9]\\d* lost").matcher(out).find(), "no lost writes named:\n" + out);
        Path run = ChaosJar.onlyRun(work.resolve("results"));
        JsonNode durability = JSON.readTree(run.resolve("verdict.json").toFile()).path("checks").path("durability");
        assertTrue(durability.path("lostWrites").asInt() > 0, durability.toString());
        assertEquals("lost-write", durability.path("findings").get(0).path("kind").asText());
        // Data dirs are kept for the post-mortem of an invalid run.
        assertTrue(Files.isDirectory(run.resolve("nodes/n1/data")));
        assertTrue(ChaosJar.processesOf(run).isEmpty(), "nodes left running");
    }
}
