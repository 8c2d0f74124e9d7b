package dev.chaoskv.bench;

import dev.chaoskv.bench.checker.CheckerBench;
import dev.chaoskv.bench.kvnode.CatchupBench;
import dev.chaoskv.bench.kvnode.FailoverBench;
import dev.chaoskv.bench.kvnode.WriteBench;
import dev.chaoskv.bench.toxiproxy.ToxiproxyBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/bench}: every benchmark of the project; docs/BENCHMARKS.md records what they measured. */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "bench 0.1.0",
        description = {"Benchmarks of kvnode, the checker and the embedded Toxiproxy (see docs/BENCHMARKS.md).",
                "Each runs real processes and sockets on 127.0.0.1 only and cleans up after itself."},
        subcommands = {CommandLine.HelpCommand.class, WriteBench.class, FailoverBench.class, CatchupBench.class,
                CheckerBench.class, ToxiproxyBenchCommand.class})
public final class BenchMain implements Runnable {
    static final int EXIT_USAGE = 64;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing benchmark (kvnode-writes, kvnode-failover, kvnode-catchup, checker or toxiproxy)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (no System.exit, so tests can call it). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().getErr().println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }
}
