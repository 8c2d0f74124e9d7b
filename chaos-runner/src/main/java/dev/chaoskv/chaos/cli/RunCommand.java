package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.run.ChaosRun;
import dev.chaoskv.chaos.run.DryRun;
import dev.chaoskv.chaos.run.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code chaos run}: a chaos run with every knob. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a chaos test: local cluster behind Toxiproxy, load, faults, heal, check.",
                "With --inventory: the same on an Ansible-deployed cluster, over SSH (docs/real-machines.md).",
                "Writes a results folder (docs/results-format.md, docs/chaos-runner.md).",
                "Defaults: --nodes 3 --time-limit 60s --concurrency 10 --rate 500",
                "  --workload mixed --keys 20 --nemesis partition --nemesis-interval 10s",
                "  --results-dir results --name run",
                "",
                "Faults for --nemesis (groups: partition, kill, pause, all; or none):",
                "  partition-one      one random node cut off from its peers, both ways",
                "  partition-leader   the current leader cut off from its peers, both ways",
                "  partition-halves   random minority and majority halves",
                "  partition-ring     every node sees a different majority (5+ nodes)",
                "  partition-bridge   two halves that both see one bridge node",
                "  partition-one-way  the leader cannot send, or cannot hear (one way)",
                "  kill-one           kill -9 one random node; restart at window end",
                "  kill-leader        kill -9 the current leader; restart at window end",
                "  kill-minority      kill -9 --max-faulty random nodes; restart at end",
                "  pause-one          SIGSTOP one random node; SIGCONT at window end",
                "  pause-leader       SIGSTOP the current leader; SIGCONT at window end",
                "  latency            latency with jitter on every peer link",
                "  bandwidth          one random node's peer links limited to 16-256 KB/s",
                "  slicer             one node's peer traffic sliced into small delayed writes",
                "                     (Toxiproxy only; skipped with --net iptables)",
                "  reset-peer         one random node's peer connections reset (TCP RST)",
                "  packet-loss        5-50 %% packet loss on one node's peer links",
                "                     (tc netem only: skipped on Toxiproxy links)",
                "Exit codes: 0 valid, 1 invalid, 2 unknown, 3 harness failure, 64 bad usage."})
public final class RunCommand implements Callable<Integer> {
    static final RunOptions.Defaults DEFAULTS = new RunOptions.Defaults("run", 3, Duration.ofSeconds(60), 10, 500,
            "mixed", 20, "partition", Duration.ofSeconds(10), "run");

    @Mixin
    RunOptions options;

    @Mixin
    RemoteOptions remote;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (remote.inventory != null) {
            return RemoteRun.execute(options, remote, DEFAULTS, spec.commandLine(),
                    spec.commandLine().getParseResult().originalArgs().toArray(new String[0]));
        }
        remote.refuseWithoutInventory(spec.commandLine());
        return execute(options, DEFAULTS, spec);
    }

    static int execute(RunOptions options, RunOptions.Defaults defaults, CommandLine.Model.CommandSpec spec) {
        String[] args = spec.commandLine().getParseResult().originalArgs().toArray(new String[0]);
        RunConfig cfg = options.toConfig(defaults, spec.commandLine(), args);
        if (options.dryRun) return DryRun.print(cfg, System.out);
        return new ChaosRun(cfg, System.out, System.err).run();
    }

    /** The catalogue for --help. */
    static String catalogue() {
        StringBuilder b = new StringBuilder();
        for (FaultKind k : FaultKind.values()) b.append(String.format("  %-18s %s%n", k.wireName(), k.description()));
        return b.toString();
    }
}
