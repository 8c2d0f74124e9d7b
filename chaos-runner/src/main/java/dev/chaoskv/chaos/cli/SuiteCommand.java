package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.run.ChaosRun;
import dev.chaoskv.chaos.run.RunConfig;
import dev.chaoskv.chaos.suite.Suite;
import dev.chaoskv.chaos.suite.SuiteFileException;
import dev.chaoskv.chaos.suite.SuiteParser;
import dev.chaoskv.chaos.suite.SuiteRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code chaos suite FILE.yml}: a matrix of runs, one after another, into one suite folder. */
@Command(name = "suite", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a suite: the runs a YAML file lists (entries of workload, nemesis, seeds, time limit",
                "and kvnode flags), one after another, into one folder <results-dir>/<stamp>-suite-<name>/,",
                "then write suite.json there and print a table of verdicts. An entry marked 'expect: invalid'",
                "is a control run: it plants a bug (an --unsafe-* kvnode flag) and the suite fails if the",
                "run is NOT found invalid. The file format is in docs/chaos-runner.md (\"Suites\");",
                "suites/ci.yml and suites/nightly.yml are examples."},
        footer = {"", "Exit codes:", "  0   every run as expected (control runs caught)",
                "  1   a run is invalid, or a control run was not caught",
                "  2   a run is unknown (none invalid, no harness failure)",
                "  3   the harness failed in a run (none invalid)",
                "  64  bad usage, or a bad suite file (the message names the file, line and field)",
                "  130, 143  stopped by Ctrl-C or SIGTERM (the run in hand healed; the rest not started)"})
public final class SuiteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.yml", description = "The suite file.")
    Path file;

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "results", description = "Where the suite folder goes (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--inventory", paramLabel = "FILE", description = "Passed to every run as --inventory FILE (runs on real machines).")
    Path inventory;

    @Option(names = "--dry-run", description = "Print the expanded matrix (every run with its arguments); run nothing.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunArgumentsOfRunCommand runArgs = new RunArgumentsOfRunCommand();
        List<String> extra = new ArrayList<>();
        if (inventory != null) {
            if (!runArgs.optionNames().contains("inventory")) {
                throw RunOptions.usage(spec.commandLine(), "--inventory: this build's 'chaos run' has no runs on real machines"
                        + " (no --inventory flag); run the suite without it");
            }
            extra.addAll(List.of("--inventory", inventory.toString()));
        }
        try {
            if (dryRun) {
                System.out.print(SuiteRunner.matrix(new SuiteParser(runArgs).parse(file, extra)));
                return ChaosMain.EXIT_VALID;
            }
            return run(file, resultsDir, extra).exitCode();
        } catch (SuiteFileException e) {
            throw RunOptions.usage(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            System.err.println("error: cannot write the suite folder under " + resultsDir.toAbsolutePath() + ": " + e.getMessage());
            return ChaosMain.EXIT_HARNESS;
        }
    }

    /**
     * Reads {@code file} and runs every run it lists, each a whole {@code chaos run} in this JVM,
     * into a new suite folder under {@code resultsDir}; prints as {@code chaos suite} does.
     *
     * @param extraArgs appended to every run's arguments
     */
    public static SuiteRunner.Result run(Path file, Path resultsDir, List<String> extraArgs) throws SuiteFileException, IOException {
        RunArgumentsOfRunCommand runArgs = new RunArgumentsOfRunCommand();
        Suite suite = new SuiteParser(runArgs).parse(file, extraArgs);
        SuiteRunner.Launcher launcher = (run, suiteDir) -> {
            List<String> args = new ArrayList<>(run.args());
            args.addAll(List.of("--results-dir", suiteDir.toString(), "--quiet"));
            RunConfig cfg = runArgs.toConfig(args);
            ChaosRun chaos = new ChaosRun(cfg, System.out, System.err);
            int code = chaos.run();
            return new SuiteRunner.Launched(code, chaos.runDir().orElse(null));
        };
        return new SuiteRunner(launcher, System.out).run(suite, resultsDir);
    }
}
