package dev.chaoskv.bench;

import dev.chaoskv.bench.checker.CheckerBench;
import dev.chaoskv.bench.harness.HarnessBench;
import dev.chaoskv.bench.detection.DetectionBench;
import dev.chaoskv.bench.kvnode.CatchupBench;
import dev.chaoskv.bench.kvnode.FailoverBench;
import dev.chaoskv.bench.kvnode.ReadBench;
import dev.chaoskv.bench.kvnode.WriteBench;
import dev.chaoskv.bench.toxiproxy.ToxiproxyBenchCommand;
import dev.chaoskv.common.cli.CliConvention;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/bench}: every benchmark of the project; docs/BENCHMARKS.md records what they measured. */
@Command(name = "bench",
        description = {"Benchmarks of kvnode, the checker, the embedded Toxiproxy and the detection power of the chaos runner (see docs/BENCHMARKS.md).",
                "Each runs real processes and sockets on 127.0.0.1 only and cleans up after itself."},
        footer = {"", "Exit codes:", "  0   done", "  1   the benchmark failed (the error on stderr)", "  64  bad usage"},
        subcommands = {CommandLine.HelpCommand.class, WriteBench.class, ReadBench.class, FailoverBench.class, CatchupBench.class,
                CheckerBench.class, ToxiproxyBenchCommand.class, HarnessBench.class, DetectionBench.class})
public final class BenchMain {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (no System.exit, so tests can call it). */
    public static int run(String... args) {
        return CliConvention.apply(new CommandLine(new BenchMain())).execute(args);
    }
}
