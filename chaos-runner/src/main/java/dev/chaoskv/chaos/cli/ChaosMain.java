package dev.chaoskv.chaos.cli;

import dev.chaoskv.common.cli.CliConvention;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/chaos}: one subcommand per job. */
@Command(name = "chaos",
        description = "Chaos-testing toolkit for a replicated key-value store.",
        footer = {"", "Exit codes:", "  0   valid", "  1   invalid: a check found a violation", "  2   unknown: no violation found, but a check could not finish",
                "  3   the harness failed (Toxiproxy unreachable, a node would not start, ...)", "  64  bad usage",
                "  130, 143  stopped by Ctrl-C or SIGTERM, after healing"},
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, SmokeCommand.class, SuiteCommand.class, CheckCommand.class, ReportCommand.class, HealCommand.class, DoctorCommand.class, dev.chaoskv.toxiproxy.ToxiproxyCommand.class})
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
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code bin/chaos} runs it: the project's CLI convention, exit 3 on an uncaught error. */
    static CommandLine commandLine() {
        CommandLine cli = CliConvention.apply(new CommandLine(new ChaosMain()));
        cli.setExitCodeExceptionMapper(e -> EXIT_HARNESS);
        return cli;
    }
}
