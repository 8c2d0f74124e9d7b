package dev.chaoskv.common.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliConventionTest {
    static final String EXAMPLE = "  tool --port 9001 sub some-key-that-is-long --absent   # an example of 90 characters";

    @Command(name = "tool", description = {"Examples:", EXAMPLE}, subcommands = {CommandLine.HelpCommand.class, Tool.Sub.class},
            footer = {"", "Exit codes: 0 ok, 64 bad usage."})
    static final class Tool implements Runnable {
        @Option(names = "--port", required = true, scope = CommandLine.ScopeType.INHERIT) int port;

        @Override
        public void run() {
            throw new AssertionError("a tool with subcommands is never run itself");
        }

        @Command(name = "sub", description = "Does the thing.")
        static final class Sub implements Runnable {
            @Option(names = "--absent", description = "The option to discover.") boolean absent;
            @Parameters(paramLabel = "KEY") String key;

            @Override
            public void run() {
            }
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CliConvention.apply(new CommandLine(new Tool()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void badUsageIsOneErrorLineAndAHintNotTheHelp() {
        assertEquals(64, run("--port", "1", "sub", "k", "extra"));
        assertEquals("error: Unmatched argument at index 4: 'extra'\nSee 'tool sub --help'.\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void noSubcommandIsBadUsage() {
        assertEquals(64, run("--port", "1"));
        assertEquals("error: missing command: one of sub\nSee 'tool --help'.\n", err.toString());
    }

    @Test
    void subcommandHelpIsShownDespiteMissingRequiredOptionsAndParameters() {
        assertEquals(0, run("sub", "--help"));
        assertTrue(out.toString().contains("--absent"), out.toString());
        assertTrue(out.toString().contains("Exit codes: 0 ok, 64 bad usage."), "the tool's footer: " + out);
        assertEquals("", err.toString());
    }

    @Test
    void helpSubcommandShowsTheSubcommandsHelp() {
        assertEquals(0, run("help", "sub"));
        assertTrue(out.toString().contains("--absent"), out.toString());
    }

    @Test
    void versionOnToolAndSubcommandNamesTheCommit() {
        BuildInfo build = BuildInfo.current();
        assertEquals(0, run("--version"));
        assertEquals(build.line("tool") + "\n", out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("sub", "--version"));
        assertEquals(build.line("tool") + "\n", out.toString());
    }

    @Test
    void theBuildRecordsTheGitCommit() {
        BuildInfo build = BuildInfo.current();
        assertFalse(build.version().startsWith("unknown"), build.toString());
        // built from a clone in development and CI: the commit is known
        assertTrue(build.commit().matches("[0-9a-f]{7,40}"), build.toString());
    }

    @Test
    void versionLineSaysWhenTheCommitIsUnknown() {
        assertEquals("kv 0.1.0 (commit abc123)", BuildInfo.of("0.1.0", "abc123").line("kv"));
        assertEquals("kv 0.1.0 (unknown commit)", BuildInfo.of("0.1.0", "").line("kv"));
        assertEquals("kv 0.1.0 (unknown commit)", BuildInfo.of("0.1.0", "${git.commit}").line("kv"));
    }

    @Test
    void helpIsWideEnoughForExamples() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains(EXAMPLE + "\n"), "not wrapped: " + out);
        assertTrue(out.toString().contains("Exit codes: 0 ok, 64 bad usage."), out.toString());
    }
}
