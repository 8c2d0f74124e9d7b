package dev.chaoskv.common.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/**
 * What every chaoskv tool's command line does alike, set up in one call: bad usage is one
 * {@code error:} line and a hint to {@code --help} on stderr with exit code 64 (never the whole
 * help), a command that needs a subcommand and got none is bad usage, {@code --help} and
 * {@code --version} work on every command and subcommand, the version names the git commit,
 * help is 100 columns wide so examples do not wrap, and a subcommand without a footer of its
 * own shows the tool's (its exit codes).
 */
public final class CliConvention {
    /** Bad usage, as BSD's sysexits.h has it. */
    public static final int EXIT_USAGE = 64;
    static final int USAGE_WIDTH = 100;

    private CliConvention() {
    }

    /** Applies the convention to {@code cli} and all its subcommands; returns it. */
    public static CommandLine apply(CommandLine cli) {
        String tool = cli.getCommandSpec().root().name();
        String version = BuildInfo.current().line(tool);
        String[] footer = cli.getCommandSpec().usageMessage().footer();
        everyCommand(cli, version, footer);
        cli.setUsageHelpWidth(USAGE_WIDTH);
        cli.setParameterExceptionHandler(CliConvention::usageError);
        cli.setExecutionStrategy(CliConvention::requireSubcommand);
        return cli;
    }

    private static void everyCommand(CommandLine c, String version, String[] footer) {
        CommandSpec spec = c.getCommandSpec();
        // picocli's HelpCommand has its own --help
        if (spec.findOption("--help") == null) spec.mixinStandardHelpOptions(true);
        spec.versionProvider(() -> new String[] {version});
        if (spec.usageMessage().footer().length == 0) spec.usageMessage().footer(footer);
        for (CommandLine sub : c.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == spec) everyCommand(sub, version, footer); // aliases list a command twice
        }
    }

    /** "error: ..." then "See 'kv put --help'." on stderr; exit 64. */
    static int usageError(ParameterException ex, String[] args) {
        CommandLine where = ex.getCommandLine();
        PrintWriter err = where.getErr();
        err.println("error: " + oneLine(ex.getMessage()));
        err.println("See '" + where.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return EXIT_USAGE;
    }

    private static String oneLine(String message) {
        return message == null ? "bad usage" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** A command with subcommands run without one is bad usage, unless it only asks for help or the version. */
    private static int requireSubcommand(ParseResult parsed) {
        ParseResult last = parsed;
        boolean helpAsked = false;
        while (true) {
            helpAsked |= last.isUsageHelpRequested() || last.isVersionHelpRequested();
            if (!last.hasSubcommand()) break;
            last = last.subcommand();
        }
        CommandSpec spec = last.commandSpec();
        if (!helpAsked && !spec.subcommands().isEmpty()) {
            String names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help"))
                    .distinct().collect(Collectors.joining(", "));
            throw new ParameterException(spec.commandLine(), "missing command: one of " + names);
        }
        return new CommandLine.RunLast().execute(parsed);
    }
}
