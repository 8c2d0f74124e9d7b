package dev.chaoskv.checker.cli;

import dev.chaoskv.checker.CheckerInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `bin/checker`: check runs, export histories for Knossos/Elle. */
@Command(name = "checker", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = CheckerMain.EXIT_USAGE,
        exitCodeOnExecutionException = CheckerMain.EXIT_BAD_INPUT, version = "chaoskv checker 0.1.0",
        description = "Jepsen-style history checker: acknowledged writes survive, followers converge,"
                + " registers are linearizable.",
        subcommands = {CheckCommand.class, ExportEdnCommand.class})
public final class CheckerMain implements Runnable {
    public static final int EXIT_BAD_INPUT = 3;
    public static final int EXIT_USAGE = 64;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (check or export-edn)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (no System.exit, so tests can call it). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new CheckerMain());
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
