package dev.chaoskv.chaos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/chaos}: one subcommand per job. */
@Command(name = "chaos", mixinStandardHelpOptions = true, version = "chaos 0.1.0",
        description = "Chaos-testing toolkit for a replicated key-value store.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, SmokeCommand.class, CheckCommand.class, HealCommand.class, dev.chaoskv.toxiproxy.ToxiproxyCommand.class})
public final class ChaosMain implements Runnable {

    /** Exit codes shared by every subcommand (see docs/results-format.md). */
    public static final int EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_UNKNOWN = 2, EXIT_HARNESS = 3, EXIT_USAGE = 64;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ChaosMain());
        cli.setExitCodeExceptionMapper(e -> EXIT_HARNESS);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().getErr().println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_USAGE;
        });
        System.exit(cli.execute(args));
    }
}
