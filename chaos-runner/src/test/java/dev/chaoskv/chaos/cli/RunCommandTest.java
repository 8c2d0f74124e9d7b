package dev.chaoskv.chaos.cli;

import dev.chaoskv.common.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void dryRunPrintsTheSameScheduleForTheSameSeed() {
        String[] args = {"run", "--dry-run", "--nodes", "5", "--nemesis", "all", "--seed", "1234", "--time-limit", "2m"};
        Cli.Result a = Cli.run(args), b = Cli.run(args);
        assertEquals(0, a.exit(), a.err());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().contains("#1 "), a.out());
        assertTrue(a.out().contains("n1-to-n2"), a.out());
        Cli.Result other = Cli.run("run", "--dry-run", "--nodes", "5", "--nemesis", "all", "--seed", "1235", "--time-limit", "2m");
        assertNotEquals(a.out(), other.out());
    }

    @Test
    void aLocalDryRunLeavesPacketLossOutAsTheRunDoesAndSaysWhy() {
        Cli.Result r = Cli.run("run", "--dry-run", "--nemesis", "packet-loss,bandwidth", "--seed", "5", "--time-limit", "1m");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("bandwidth: "), r.out());
        assertFalse(r.out().lines().anyMatch(l -> l.matches("\\s+#\\d+ .* packet-loss: .*")), r.out());
        assertTrue(r.out().contains("skipped fault packet-loss: Toxiproxy has no packet-loss toxic"), r.out());
    }

    @Test
    void smokeDryRunShowsItsPreset() {
        Cli.Result r = Cli.run("smoke", "--dry-run", "--seed", "3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("mixed workload"), r.out());
        assertTrue(r.out().contains("interval 6.0 s"), r.out());
    }

    @Test
    void aToxiproxyUrlWhereNothingListensFailsFastWithExit3() throws Exception {
        int port = FreePorts.one();
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run("run", "--toxiproxy-url", "http://127.0.0.1:" + port, "--results-dir", dir.toString(), "--time-limit", "5s");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "took too long");
        assertTrue(r.err().contains("no Toxiproxy answers at http://127.0.0.1:" + port), r.err());
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing may be started or created");
        }
    }

    @Test
    void badFlagsExit64NamingTheFlag() {
        assertUsage("--nodes", "run", "--nodes", "0");
        assertUsage("--nemesis", "run", "--nemesis", "explode");
        assertUsage("--nemesis", "run", "--nodes", "3", "--nemesis", "partition-ring");
        assertUsage("--time-limit", "run", "--time-limit", "soon");
        assertUsage("--workload", "run", "--workload", "queue");
        assertUsage("--rate", "run", "--rate", "-1");
        assertUsage("--toxiproxy-url", "run", "--toxiproxy-url", "localhost");
        assertUsage("--bogus", "smoke", "--bogus");
        assertUsage("--partition-mode", "run", "--partition-mode", "drop");
        assertUsage("--direct", "run", "--direct"); // the default nemesis needs Toxiproxy
        assertUsage("--client-binding", "run", "--client-binding", "leader");
    }

    @Test
    void aPortOutOfRangeIsBadUsageInEveryCommandThatTakesOne() {
        for (String port : new String[]{"65536", "99999", "0", "-1"}) {
            assertUsage("--toxiproxy-url", "run", "--toxiproxy-url", "http://127.0.0.1:" + port, "--results-dir", dir.toString());
            assertUsage("--toxiproxy-url", "smoke", "--toxiproxy-url", "http://127.0.0.1:" + port, "--results-dir", dir.toString());
            assertUsage("--toxiproxy-url", "heal", "--toxiproxy-url", "http://127.0.0.1:" + port, "--results-dir", dir.toString());
        }
    }

    @Test
    void anUnwritableResultsFolderIsOneLineNamingItAndExit3() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        for (Path results : new Path[]{file, file.resolve("results")}) {
            Cli.Result r = Cli.run("run", "--results-dir", results.toString(), "--time-limit", "1s", "--quiet");
            assertEquals(3, r.exit(), r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: cannot write the results folder " + results.toAbsolutePath() + ": "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void healWithNoActiveRunHasNothingToDo() {
        Cli.Result r = Cli.run("heal", "--results-dir", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("nothing to heal"), r.out());
    }

    @Test
    void checkOfAMissingRunIsAHarnessError() {
        Cli.Result r = Cli.run("check", dir.resolve("nope").toString());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("not a run folder"), r.err());
    }

    private static void assertUsage(String flag, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(64, r.exit(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains(flag), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
