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
        assertEquals("error: missing command: one of kvnode-writes, kvnode-reads, kvnode-failover, kvnode-catchup, checker, toxiproxy, harness, detection\n"
                + "See 'bench --help'.\n", stdio.err());
    }

    @Test
    void aBadValueIsOneLineAndAHint() {
        assertEquals(64, BenchMain.run("kvnode-writes", "--nodes", "three"));
        assertEquals("error: Invalid value for option '--nodes': 'three' is not an int\nSee 'bench kvnode-writes --help'.\n",
                stdio.err());
    }

    @Test
    void impossibleLoadShapesAreBadUsage() {
        assertEquals(64, BenchMain.run("kvnode-reads", "--connections", "0"));
        assertEquals("error: --nodes, --clients, --connections and --keys must be at least 1, --writers at least 0\n"
                + "See 'bench kvnode-reads --help'.\n", stdio.err());
        assertEquals(64, BenchMain.run("kvnode-writes", "--connections", "-1"));
        assertTrue(stdio.err().contains("error: --connections must be 0 (a connection per client) or more\n"), stdio.err());
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
