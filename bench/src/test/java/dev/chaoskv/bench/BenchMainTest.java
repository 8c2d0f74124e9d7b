package dev.chaoskv.bench;

import dev.chaoskv.testkit.StdioCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/bench's command line: usage errors, help and version, without running a benchmark. */
class BenchMainTest {
    @RegisterExtension
    final StdioCapture stdio = new StdioCapture();

    private String out() {
        return stdio.out();
    }

    @Test
    void noBenchmarkIsBadUsage() {
        assertEquals(64, BenchMain.run());
        assertEquals("error: missing command: one of kvnode-writes, kvnode-failover, kvnode-catchup, checker, toxiproxy, detection\n"
                + "See 'bench --help'.\n", stdio.err());
    }

    @Test
    void aBadValueIsOneLineAndAHint() {
        assertEquals(64, BenchMain.run("kvnode-writes", "--nodes", "three"));
        assertEquals("error: Invalid value for option '--nodes': 'three' is not an int\nSee 'bench kvnode-writes --help'.\n",
                stdio.err());
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
