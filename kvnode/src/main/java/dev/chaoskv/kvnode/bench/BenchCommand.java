package dev.chaoskv.kvnode.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/kvnode bench ...}: benchmarks that run real node processes on loopback. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks against a local cluster of real kvnode processes (see docs/BENCHMARKS.md).",
        subcommands = {WriteBench.class, FailoverBench.class, CatchupBench.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
