package dev.chaoskv.chaos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code chaos smoke}: the CI and README preset. */
@Command(name = "smoke", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The CI and README preset: a short chaos run with every kind of fault.",
                "3 local nodes, embedded Toxiproxy, mixed workload, partitions, kill/restart",
                "and pause, about 60 s of load. Any `chaos run` option overrides the preset.",
                "Defaults: --nodes 3 --time-limit 60s --concurrency 10 --rate 200",
                "  --workload mixed --keys 20 --nemesis partition,kill,pause",
                "  --nemesis-interval <time-limit / 10, at least 2s> --name smoke",
                "Exit codes: 0 valid, 1 invalid, 2 unknown, 3 harness failure, 64 bad usage."})
public final class SmokeCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Duration limit = options.timeLimit != null ? options.timeLimit : Duration.ofSeconds(60);
        // Ten windows whatever the length: five faults, each followed by as long a recovery.
        Duration interval = Duration.ofMillis(Math.max(2000, limit.toMillis() / 10));
        RunOptions.Defaults d = new RunOptions.Defaults("smoke", 3, Duration.ofSeconds(60), 10, 200, "mixed", 20,
                "partition,kill,pause", interval, "smoke");
        return RunCommand.execute(options, d, spec);
    }
}
