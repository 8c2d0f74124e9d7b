package dev.chaoskv.chaos.cli;

import dev.chaoskv.common.DurationParser;
import dev.chaoskv.checker.CheckOptions;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.verdict.Summary;
import dev.chaoskv.checker.verdict.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code chaos check <run-dir>}: the checker again on a stored run. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Re-run the checker on a stored run folder.",
                "Prints the verdict and rewrites verdict.json and latency-*.hgrm.",
                "Exit codes: 0 valid, 1 invalid, 2 unknown, 3 unreadable run, 64 bad usage."})
public final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<run-dir>", description = "A results folder (history.jsonl, final.json, lag.jsonl).")
    Path runDir;

    @Option(names = "--time-limit", paramLabel = "DURATION", converter = DurationParser.class, defaultValue = "60s",
            description = "Wall-time bound of the check (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--no-write", description = "Print only; do not rewrite verdict.json and the .hgrm files.")
    boolean noWrite;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(runDir)) {
            System.err.println("error: " + runDir + " is not a run folder");
            return ChaosMain.EXIT_HARNESS;
        }
        Verdict v;
        try {
            v = new Checker().check(runDir, CheckOptions.defaults().withTimeLimit(timeLimit));
        } catch (CheckerInputException e) {
            System.err.println("error: " + e.getMessage());
            return ChaosMain.EXIT_HARNESS;
        }
        System.out.print(Summary.render(v));
        if (!noWrite) {
            Checker.writeResults(v, runDir);
            System.out.println("wrote " + runDir.resolve(Checker.VERDICT));
        }
        return v.exitCode();
    }
}
