package dev.chaoskv.checker.cli;

import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.common.cli.CliConvention;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `bin/checker`: check runs, export histories for Knossos/Elle. */
@Command(name = "checker", exitCodeOnInvalidInput = CheckerMain.EXIT_USAGE,
        exitCodeOnExecutionException = CheckerMain.EXIT_BAD_INPUT,
        description = "Jepsen-style history checker: acknowledged writes survive, followers converge,"
                + " registers are linearizable.",
        footer = {"", "Exit codes:", "  0   valid", "  1   invalid", "  2   unknown", "  3   bad input", "  64  bad usage"},
        subcommands = {CommandLine.HelpCommand.class, CheckCommand.class, ExportEdnCommand.class})
public final class CheckerMain {
    public static final int EXIT_BAD_INPUT = 3;
    public static final int EXIT_USAGE = CliConvention.EXIT_USAGE;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (no System.exit, so tests can call it). */
    public static int run(String... args) {
        CommandLine cli = CliConvention.apply(new CommandLine(new CheckerMain()));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CheckerInputException) {
                commandLine.getErr().println("bad input: " + ex.getMessage());
            } else {
                commandLine.getErr().println("checker failed: " + ex);
                ex.printStackTrace(commandLine.getErr());
            }
            return EXIT_BAD_INPUT;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // The search is bounded by its budget; this is the history itself not fitting the heap.
            System.err.println("out of memory: give the JVM more heap (JAVA_OPTS=-Xmx4g bin/checker ...)");
            return EXIT_BAD_INPUT;
        }
    }
}
