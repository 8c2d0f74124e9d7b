package dev.chaoskv.bench.checker;

import dev.chaoskv.bench.BenchMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `bench checker` end to end: a scenario runs and reports the checker's verdict; an unknown one is bad usage. */
class CheckerBenchTest {
    @Test
    void benchRunsAScenarioAndReportsItsVerdict() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, BenchMain.run("checker", "--scenario", "onekey", "--runs", "1", "--warmup", "0"));
            assertEquals(64, BenchMain.run("checker", "--scenario", "2m"));
        } finally {
            System.setOut(stdout);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[onekey] verdict VALID"), text);
        assertTrue(text.contains("droppedUnobservedCrashedWrites=20"), text);
    }

    @Test
    void keepLeavesTheGeneratedRunForACheckerToReadAgain(@TempDir Path dir) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, BenchMain.run("checker", "--scenario", "onekey", "--runs", "1", "--warmup", "0",
                    "--keep", dir.toString()));
        } finally {
            System.setOut(stdout);
        }
        Path run = dir.resolve("onekey");
        assertTrue(Files.size(run.resolve("history.jsonl")) > 0 && Files.exists(run.resolve("final.json")));
        assertEquals(0, dev.chaoskv.checker.cli.CheckerMain.run("check", "--no-write", run.toString()));
    }
}
