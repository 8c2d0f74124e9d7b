package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.Signals;
import dev.chaoskv.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A runner stopped mid-fault leaves nothing behind: Ctrl-C heals through the shutdown hook, and
 * after kill -9 `chaos heal` cleans up from the fault ledger. Toxiproxy runs in this JVM (the
 * runner is pointed at it with --toxiproxy-url) so the test can see the toxics outlive the runner.
 */
@ExtendWith(KeepFoldersOnFailure.class)
class InterruptIT {
    @TempDir
    Path work;

    /** Ctrl-C and SIGTERM both heal; the exit code is the JVM's 128 + signal number. */
    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalMidPartitionLeavesNoToxicAndNoProcess(String signal, int exitCode) throws Exception {
        assertFalse(signal.equals("INT") && sigintIgnoredHere(), "this JVM was started with SIGINT ignored (a background job"
                + " of a shell without job control, e.g. `./mvnw verify &` in a script), and the runner would inherit that:"
                + " run the tests in the foreground");
        try (ToxiproxyServer tp = ToxiproxyServer.start("127.0.0.1", 0)) {
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", tp.port());
            Path output = work.resolve("output.txt");
            Process runner = ChaosJar.start(work, output, "run", "--time-limit", "120s", "--nemesis", "partition-one",
                    "--partition-mode", "blackhole", "--nemesis-interval", "30s", "--toxiproxy-url", tp.url(),
                    "--results-dir", "results", "--seed", "2", "--quiet");
            try {
                Path results = work.resolve("results");
                Path run = ChaosJar.awaitActiveRun(results, output);
                ChaosJar.awaitText(run.resolve("history.jsonl"), "start-partition", Duration.ofSeconds(90), output);
                assertFalse(toxics(client).isEmpty(), "the partition should be in place");
                assertEquals(3, ChaosJar.processesOf(run).size());

                assertTrue(Signals.send(runner.pid(), signal));
                assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner did not stop on SIG" + signal);
                assertEquals(exitCode, runner.exitValue(), Files.readString(output));

                assertEquals(List.of(), toxics(client), "toxics left behind");
                assertEquals(List.of(), ChaosJar.processesOf(run), "node processes left behind");
                assertFalse(Files.exists(results.resolve(".active-run")));
                assertTrue(Files.readString(run.resolve("history.jsonl")).contains("\"f\":\"heal\""));
                assertTrue(Files.readString(run.resolve("faults.jsonl")).contains("\"event\":\"heal\""));
            } finally {
                runner.descendants().forEach(ProcessHandle::destroyForcibly);
                runner.destroyForcibly();
            }
        }
    }

    /** Whether SIGINT is ignored by this process (SigIgn in /proc/self/status, bit 1 for signal 2). */
    private static boolean sigintIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2) != 0;
        }
        return false;
    }

    /** A signal while the nodes are still starting: the teardown stops them, and the run starts no more. */
    @Test
    void sigtermWhileNodesStartLeavesNoProcess() throws Exception {
        Path output = work.resolve("output.txt");
        Process runner = ChaosJar.start(work, output, "run", "--time-limit", "120s", "--nemesis", "pause-one",
                "--results-dir", "results", "--seed", "3", "--quiet");
        try {
            Path results = work.resolve("results");
            Path run = ChaosJar.awaitActiveRun(results, output);
            ChaosJar.awaitText(run.resolve("faults.jsonl"), "node-started", Duration.ofSeconds(60), output);
            assertTrue(Signals.send(runner.pid(), "TERM"));
            assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner did not stop on SIGTERM");
            String out = Files.readString(output);
            assertEquals(143, runner.exitValue(), out);
            assertFalse(out.contains("error:"), "what the teardown stopped is no error of the run: " + out);
            assertTrue(out.contains("the run stopped early (interrupted by a signal)"), out);
            Thread.sleep(1000); // a node started after the teardown would be alive by now
            assertEquals(List.of(), ChaosJar.processesOf(run), "node processes left behind");
        } finally {
            runner.descendants().forEach(ProcessHandle::destroyForcibly);
            runner.destroyForcibly();
        }
    }

    @Test
    void afterKill9ChaosHealResumesAndStopsOrphansAndRemovesToxics() throws Exception {
        try (ToxiproxyServer tp = ToxiproxyServer.start("127.0.0.1", 0)) {
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", tp.port());
            Path output = work.resolve("output.txt");
            // kill -9 the runner while a node is paused (SIGSTOP), with a toxic in place as well
            Process runner = ChaosJar.start(work, output, "run", "--time-limit", "120s", "--nemesis", "pause-one",
                    "--nemesis-interval", "30s", "--toxiproxy-url", tp.url(), "--results-dir", "results", "--seed", "4",
                    "--quiet");
            Path run;
            try {
                Path results = work.resolve("results");
                run = ChaosJar.awaitActiveRun(results, output);
                ChaosJar.awaitText(run.resolve("history.jsonl"), "\"f\":\"pause\"", Duration.ofSeconds(90), output);
                // also leave a toxic behind, as a partition would
                client.getProxy("n1-to-n2").toxics().timeout("left-behind", eu.rekawek.toxiproxy.model.ToxicDirection.UPSTREAM, 0);
                assertTrue(ChaosJar.processesOf(run).stream().anyMatch(p -> Signals.state(p.pid()).orElse('?') == 'T'),
                        "one node should be stopped");

                assertTrue(Signals.send(runner.pid(), "KILL"));
                assertTrue(runner.waitFor(30, TimeUnit.SECONDS));
                assertEquals(3, ChaosJar.processesOf(run).size(), "kill -9 orphans the nodes");
                assertFalse(toxics(client).isEmpty());
            } finally {
                runner.destroyForcibly();
            }

            Path healOut = work.resolve("heal.txt");
            assertEquals(0, ChaosJar.run(work, healOut, Duration.ofMinutes(1), "heal", "--results-dir", "results"),
                    Files.readString(healOut));
            String healed = Files.readString(healOut);
            assertTrue(healed.contains("n1-to-n2: removed toxic left-behind"), healed);
            assertTrue(healed.contains("orphaned by a dead runner, resumed (was stopped) and stopped"), healed);
            assertTrue(healed.contains("healed: "), healed);
            assertEquals(List.of(), toxics(client), "toxics left behind");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!ChaosJar.processesOf(run).isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(List.of(), ChaosJar.processesOf(run), "orphaned nodes left behind");
            assertFalse(Files.exists(work.resolve("results/.active-run")));
            // idempotent
            assertEquals(0, ChaosJar.run(work, healOut, Duration.ofMinutes(1), "heal", run.toString()),
                    Files.readString(healOut));
            assertTrue(Files.readString(healOut).contains("nothing to heal: "), Files.readString(healOut));

            // The killed run never read its final state: its re-check cannot be "valid".
            Path checkOut = work.resolve("check.txt");
            int checkExit = ChaosJar.run(work, checkOut, Duration.ofMinutes(2), "check", run.toString());
            String checked = Files.readString(checkOut);
            assertEquals(2, checkExit, checked);
            assertTrue(checked.contains("UNKNOWN") && checked.contains("could not run: no final.json"), checked);
        }
    }

    /** Every toxic and disabled proxy on the server, as text. */
    private static List<String> toxics(ToxiproxyClient client) throws Exception {
        List<String> out = new ArrayList<>();
        for (Proxy p : client.getProxies()) {
            if (!p.isEnabled()) out.add(p.getName() + " disabled");
            p.toxics().getAll().forEach(t -> out.add(p.getName() + "/" + t.getName()));
        }
        return out;
    }
}
