package dev.chaoskv.bench.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detection figures from known runs: fraction caught, median first-fault-to-violation time. */
class DetectionReportTest {
    @TempDir
    Path dir;

    private static RunDetection run(String entry, boolean caught, long faultMs, long violationMs) {
        return new RunDetection(entry, 1, caught ? 1 : 0, OptionalLong.of(faultMs * 1_000_000), violationMs < 0 ? OptionalLong.empty()
                : OptionalLong.of(violationMs * 1_000_000));
    }

    @Test
    void fractionAndMedianPerModeInFileOrder() {
        List<DetectionReport.Mode> modes = DetectionReport.modes(List.of(
                run("stale", true, 5000, 7000), run("ack", true, 5000, 5500), run("stale", true, 5000, 6000),
                run("stale", false, 5000, -1), run("stale", true, 5000, 9000), run("ack", true, 2500, 2000),
                new RunDetection("stale", 9, 3, OptionalLong.empty(), OptionalLong.empty())));
        assertEquals(List.of("stale", "ack"), modes.stream().map(DetectionReport.Mode::entry).toList());
        DetectionReport.Mode stale = modes.get(0);
        assertEquals(4, stale.runs());
        assertEquals(3, stale.caught());
        assertEquals(0.75, stale.fractionCaught());
        assertEquals(1, stale.harness(), "a harness failure is no verdict: counted apart, not as missed");
        assertEquals(2_000_000_000L, stale.medianNanos().getAsLong(), "median of 1, 2, 4 s");
        // Even count: the mean of the middle two (500 ms and -500 ms: a violation can complete
        // before the fault is recorded as in place).
        assertEquals(0L, modes.get(1).medianNanos().getAsLong());
        String table = DetectionReport.render(modes);
        String line = table.lines().filter(l -> l.startsWith("stale ")).findFirst().orElseThrow();
        assertTrue(line.matches("stale +3/4 +75% +2\\.00 s +1\\.00 \\.\\. 4\\.00 s +1"), table);
    }

    @Test
    void theViolatingOperationIsTheLastInvokedOfThoseCitedAndTheEarliestCounts() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("history.jsonl"), String.join("\n",
                "{\"index\":0,\"time\":100,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k\",\"value\":\"a\"}",
                "{\"index\":1,\"time\":2000,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-partition\",\"value\":{}}",
                "{\"index\":2,\"time\":9000,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-kill\",\"value\":{}}", ""));
        Files.writeString(run.resolve("verdict.json"), """
                {"valid": false, "checks": {
                  "durability": {"findings": [{"ops": [{"invokeTime": 100, "completeTime": 200}, {"invokeTime": 5000, "completeTime": 6000}]}]},
                  "linearizability": {"violations": [{"window": [{"invokeTime": 3000, "completeTime": 3100},
                                                                  {"invokeTime": 4000, "completeTime": 4500}]}]}}}
                """);
        RunDetection d = RunDetection.read("m", 3, 1, run);
        assertEquals(2000, d.firstFaultNanos().getAsLong());
        assertEquals(4500, d.firstViolationNanos().getAsLong());
        assertEquals(2500, d.detectionNanos().getAsLong());
        assertTrue(RunDetection.firstViolation(new ObjectMapper().readTree("{\"checks\":{}}")).isEmpty());
    }
}
