package dev.chaoskv.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/bench's command line: usage errors, help and version, without running a benchmark. */
class BenchMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noBenchmarkIsBadUsage() {
        assertEquals(64, BenchMain.run());
        assertEquals("error: missing command: one of kvnode-writes, kvnode-failover, kvnode-catchup, checker, toxiproxy\n"
                + "See 'bench --help'.\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadValueIsOneLineAndAHint() {
        assertEquals(64, BenchMain.run("kvnode-writes", "--nodes", "three"));
        assertEquals("error: Invalid value for option '--nodes': 'three' is not an int\nSee 'bench kvnode-writes --help'.\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void benchmarkHelpShowsPlaceholdersAndExitCodes() {
        assertEquals(0, BenchMain.run("help", "kvnode-writes"));
        assertTrue(out().contains("--duration=DURATION") && out().contains("--clients=N"), out());
        assertTrue(out().contains("\n  64  bad usage\n"), out());
    }

    @Test
    void versionOnABenchmark() {
        assertEquals(0, BenchMain.run("toxiproxy", "--version"));
        assertTrue(out().matches("bench \\S+ \\((commit [0-9a-f]+|unknown commit)\\)\n"), out());
    }
}
