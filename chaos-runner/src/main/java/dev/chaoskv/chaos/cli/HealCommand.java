package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.cluster.Signals;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.network.ToxiproxyFaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code chaos heal}: undoes whatever a run may have left, from its fault ledger. Idempotent.
 * Removes every toxic and enables every proxy the run created (if its Toxiproxy still answers),
 * resumes every node process of the run, and, when the runner itself is gone, stops those
 * processes (nobody else will).
 */
@Command(name = "heal", mixinStandardHelpOptions = true,
        description = {"Undo any fault a run may have left (idempotent).",
                "Removes toxics and enables proxies on the run's Toxiproxy, resumes (SIGCONT)",
                "its paused nodes, and stops node processes orphaned by a dead runner.",
                "Finds the run through <results-dir>/.active-run unless a folder is given.",
                "Exit codes: 0 healed (or nothing to heal), 3 something could not be healed."})
public final class HealCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<run-dir>", description = "The run folder to heal (default: the active run).")
    Path runDir;

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "results", description = "Where run folders are (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--toxiproxy-url", paramLabel = "URL", description = "Toxiproxy to heal (default: the one the ledger names).")
    String toxiproxyUrl;

    @Override
    public Integer call() throws IOException {
        Path dir = runDir;
        Path pointer = resultsDir.resolve(FaultLedger.ACTIVE);
        if (dir == null) {
            if (!Files.exists(pointer)) {
                System.out.println("nothing to heal: no active run (" + pointer + " does not exist)");
                return ChaosMain.EXIT_VALID;
            }
            dir = Path.of(Files.readString(pointer).trim());
        }
        if (!Files.exists(dir.resolve(FaultLedger.FILE))) {
            System.err.println("error: no fault ledger in " + dir);
            return ChaosMain.EXIT_HARNESS;
        }
        FaultLedger.Contents ledger = FaultLedger.read(dir);
        boolean runnerAlive = ledger.runnerPid() > 0 && ledger.runnerPid() != ProcessHandle.current().pid()
                && ProcessHandle.of(ledger.runnerPid()).map(ProcessHandle::isAlive).orElse(false);
        List<String> problems = new ArrayList<>();
        String url = toxiproxyUrl != null ? toxiproxyUrl : ledger.toxiproxyUrl();
        if (url != null && !ledger.proxies().isEmpty()) {
            try {
                problems.addAll(ToxiproxyFaults.healByName(url, ledger.proxies()));
                System.out.println("proxies healed on " + url + ": " + ledger.proxies().size());
            } catch (IOException | IllegalArgumentException e) {
                if (ledger.embedded() && !runnerAlive) {
                    System.out.println("the run's embedded Toxiproxy is gone with its runner: no toxic can remain");
                } else {
                    problems.add("Toxiproxy at " + url + ": " + e.getMessage());
                }
            }
        }
        String marker = dir.toAbsolutePath().toString();
        for (Map.Entry<String, List<Long>> e : ledger.nodePids().entrySet()) {
            for (long pid : e.getValue()) {
                Optional<ProcessHandle> ph = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
                // Guard against pid reuse: only touch a process whose command line names this run.
                if (ph.isEmpty() || !ph.get().info().commandLine().map(c -> c.contains(marker)).orElse(false)) continue;
                Signals.send(pid, "CONT");
                if (runnerAlive) {
                    System.out.println(e.getKey() + " (pid " + pid + "): resumed");
                } else {
                    ph.get().destroyForcibly();
                    System.out.println(e.getKey() + " (pid " + pid + "): orphaned by a dead runner, resumed and stopped");
                }
            }
        }
        if (!runnerAlive) Files.deleteIfExists(pointer);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("could not heal: " + p));
            return ChaosMain.EXIT_HARNESS;
        }
        System.out.println("healed: " + dir);
        return ChaosMain.EXIT_VALID;
    }
}
