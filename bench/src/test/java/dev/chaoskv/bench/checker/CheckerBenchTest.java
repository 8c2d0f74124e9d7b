package dev.chaoskv.bench.checker;

import dev.chaoskv.bench.BenchMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `bench checker` end to end: a scenario runs and reports the checker's verdict; an unknown one is bad usage. */
class CheckerBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void benchRunsAScenarioAndReportsItsVerdict() {
        assertEquals(0, BenchMain.run("checker", "--scenario", "onekey", "--runs", "1", "--warmup", "0"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[onekey] verdict VALID"), text);
        assertTrue(text.contains("droppedUnobservedCrashedWrites=20"), text);
        assertEquals(64, BenchMain.run("checker", "--scenario", "2m"));
    }
}
