package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.cluster.Signals;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.network.ToxiproxyFaults;
import dev.chaoskv.chaos.remote.RemoteDeployment;
import dev.chaoskv.chaos.remote.RemoteHeal;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
                "With --inventory: heals every host of the inventory over SSH instead (owned",
                "iptables chain and netem, or toxics and disabled proxies; paused or stopped",
                "nodes), verifies it, and retries a host it cannot reach before naming it.",
                "Prints each proxy and node it healed, or that there was nothing to heal.",
                "Exit codes: 0 healed (or nothing to heal), 3 something could not be healed,",
                "64 bad usage."})
public final class HealCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<run-dir>", description = "The run folder to heal (default: the active run).")
    Path runDir;

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "results", description = "Where run folders are (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--toxiproxy-url", paramLabel = "URL", description = "Toxiproxy to heal (default: the one the ledger names).")
    String toxiproxyUrl;

    @Mixin
    RemoteOptions remote;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (remote.inventory != null) return healInventory();
        if (toxiproxyUrl != null) {
            try {
                ToxiproxyFaults.parse(toxiproxyUrl);
            } catch (IllegalArgumentException e) {
                throw RunOptions.usage(spec.commandLine(), "--toxiproxy-url: " + e.getMessage());
            }
        }
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
        java.util.Optional<String[]> remoteRun = FaultLedger.remoteRun(dir);
        if (remoteRun.isPresent()) {
            // A run on an inventory's hosts: heal those hosts, in the run's network mode.
            System.out.println(dir + " ran on the hosts of " + remoteRun.get()[0] + " (--net " + remoteRun.get()[1] + "): healing them");
            remote.inventory = Path.of(remoteRun.get()[0]);
            remote.net = remoteRun.get()[1];
            runDir = dir;
            return healInventory();
        }
        remote.refuseWithoutInventory(spec.commandLine());
        boolean runnerAlive = ledger.runnerPid() > 0 && ledger.runnerPid() != ProcessHandle.current().pid()
                && ProcessHandle.of(ledger.runnerPid()).map(ProcessHandle::isAlive).orElse(false);
        List<String> healed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        healProxies(ledger, runnerAlive, healed, problems);
        healNodes(dir, ledger, runnerAlive, healed);
        if (!runnerAlive && Files.deleteIfExists(pointer)) healed.add("removed " + pointer + " (its runner is gone)");
        healed.forEach(h -> System.out.println("  " + h));
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("could not heal: " + p));
            return ChaosMain.EXIT_HARNESS;
        }
        System.out.println(healed.isEmpty()
                ? "nothing to heal: " + dir + " (no toxic, no disabled proxy, no stopped or orphaned node)"
                : "healed: " + dir + " (" + healed.size() + " item(s))");
        return ChaosMain.EXIT_VALID;
    }

    /** Heals every host of the inventory; records the outcome in the active run's ledger if it was a remote run. */
    private int healInventory() throws IOException, InterruptedException {
        RemoteOptions.Resolved r = remote.resolve(spec.commandLine(), System.err);
        RemoteHeal.Report report;
        try (SshConnections ssh = new SshConnections(r.ssh(), new RemoteDeployment.CommandLog())) {
            report = new RemoteHeal(r.inventory(), ssh, r.net(), 3, Duration.ofSeconds(2)).run();
        }
        report.done().forEach(d -> System.out.println("  " + d));
        Path pointer = resultsDir.resolve(FaultLedger.ACTIVE);
        Path dir = runDir != null ? runDir : Files.exists(pointer) ? Path.of(Files.readString(pointer).trim()) : null;
        if (dir != null && Files.exists(dir.resolve(FaultLedger.FILE))) {
            FaultLedger.Contents c = FaultLedger.read(dir);
            boolean runnerAlive = c.runnerPid() > 0 && ProcessHandle.of(c.runnerPid()).map(ProcessHandle::isAlive).orElse(false);
            if (!runnerAlive) {
                try (FaultLedger ledger = new FaultLedger(dir, resultsDir)) {
                    Map<String, Object> event = new java.util.LinkedHashMap<>();
                    event.put("problems", List.copyOf(report.problems().values()));
                    event.put("by", "chaos heal --inventory");
                    ledger.append("heal", event);
                    if (report.problems().isEmpty()) ledger.finished();
                }
            }
        }
        if (!report.problems().isEmpty()) {
            report.problems().values().forEach(p -> System.err.println("could not heal: " + p
                    + "; run chaos heal --inventory " + r.inventory().file() + " again once the host is back"));
            return ChaosMain.EXIT_HARNESS;
        }
        System.out.println((report.done().isEmpty() ? "nothing to heal: " : "healed: ") + r.inventory().hosts().size()
                + " hosts of " + r.inventory().file() + " (" + report.done().size() + " item(s); no owned rule or toxic left, every node running)");
        return ChaosMain.EXIT_VALID;
    }

    private void healProxies(FaultLedger.Contents ledger, boolean runnerAlive, List<String> healed, List<String> problems) {
        String url = toxiproxyUrl != null ? toxiproxyUrl : ledger.toxiproxyUrl();
        if (url == null || ledger.proxies().isEmpty()) return;
        try {
            ToxiproxyFaults.HealReport report = ToxiproxyFaults.healByName(url, ledger.proxies());
            healed.addAll(report.healed());
            problems.addAll(report.problems());
            int clean = ledger.proxies().size() - report.healed().size() - report.missing().size() - report.problems().size();
            System.out.println("Toxiproxy " + url + ": " + ledger.proxies().size() + " proxies of the run, "
                    + report.healed().size() + " healed, " + clean + " already clean"
                    + (report.missing().isEmpty() ? "" : ", " + report.missing().size() + " not found"));
        } catch (IOException | IllegalArgumentException e) {
            if (ledger.embedded() && !runnerAlive) {
                System.out.println("the run's embedded Toxiproxy is gone with its runner: no toxic can remain");
            } else {
                problems.add("Toxiproxy at " + url + ": " + e.getMessage());
            }
        }
    }

    /** Resumes the run's stopped nodes; stops them all if their runner is dead (nobody else will). */
    private static void healNodes(Path dir, FaultLedger.Contents ledger, boolean runnerAlive, List<String> healed) {
        String marker = dir.toAbsolutePath().toString();
        for (Map.Entry<String, List<Long>> e : ledger.nodePids().entrySet()) {
            for (long pid : e.getValue()) {
                Optional<ProcessHandle> ph = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
                // Guard against pid reuse: only touch a process whose command line names this run.
                if (ph.isEmpty() || !ph.get().info().commandLine().map(c -> c.contains(marker)).orElse(false)) continue;
                boolean wasStopped = Signals.state(pid).orElse('?') == 'T';
                Signals.send(pid, "CONT");
                String node = e.getKey() + " (pid " + pid + "): ";
                if (!runnerAlive) {
                    ph.get().destroyForcibly();
                    healed.add(node + "orphaned by a dead runner, " + (wasStopped ? "resumed (was stopped) and " : "") + "stopped");
                } else if (wasStopped) {
                    healed.add(node + "resumed (was stopped)");
                }
            }
        }
    }
}
