package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.results.RunComparison;
import dev.chaoskv.chaos.results.RunReport;
import dev.chaoskv.chaos.results.RunSummary;
import dev.chaoskv.chaos.results.data.Comparison;
import dev.chaoskv.chaos.results.html.ComparePage;
import dev.chaoskv.chaos.results.html.IndexPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code chaos report}: rebuild a run's report, the results index, or compare two runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild a run folder's report.html, summary.json and junit.xml from its files;",
                "or, with --index, the results folder's index.html; or, with --compare A B, print",
                "two runs' key figures side by side and write compare.html.",
                "A run folder with missing or truncated files still gets a report that says what is missing."},
        footer = {"", "Examples:", "  bin/chaos report results/latest", "  bin/chaos report --index", "  bin/chaos report --compare results/20261129T230214-smoke results/latest --fail-on-regression 20%",
                "", "Exit codes:", "  0   written (and, with --compare, no regression beyond --fail-on-regression)",
                "  1   --compare: a regression beyond --fail-on-regression", "  3   a folder could not be read or written", "  64  bad usage"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "0..2", paramLabel = "<run-dir>", description = "A run folder; with --compare, two (A then B).")
    List<Path> dirs = List.of();

    @Option(names = "--index", description = "Rebuild <results-dir>/index.html from every run folder's summary.json.")
    boolean index;

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "results", description = "The results folder for --index (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--compare", description = "Compare two run folders (A, the baseline, then B).")
    boolean compare;

    @Option(names = "--threshold", paramLabel = "PERCENT", description = "Flag figures worse by more than this (default: the --fail-on-regression value, else 20%).")
    String threshold;

    @Option(names = "--fail-on-regression", paramLabel = "PERCENT", description = "Exit 1 if a figure is worse by more than this, e.g. 20%.")
    String failOn;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "compare.html", description = "Where --compare writes its page (default: ${DEFAULT-VALUE}).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (compare) return compare(out, err);
        if (threshold != null || failOn != null) throw usage("--threshold and --fail-on-regression go with --compare");
        if (index) {
            if (!dirs.isEmpty()) throw usage("--index takes no run folder (it reads --results-dir)");
            return index(out, err);
        }
        if (dirs.size() != 1) throw usage(dirs.isEmpty() ? "missing <run-dir> (or --index, or --compare A B)" : "one <run-dir> at a time (or --compare A B)");
        Path dir = dirs.get(0);
        if (!Files.isDirectory(dir)) {
            err.println("error: " + dir + " is not a run folder");
            return ChaosMain.EXIT_HARNESS;
        }
        try {
            RunSummary s = RunReport.write(dir);
            for (String p : s.problems()) err.println("missing: " + p);
            out.println("wrote " + dir.resolve(RunReport.FILE) + ", " + RunSummary.FILE + ", junit.xml (verdict " + s.verdict() + ")");
            return ChaosMain.EXIT_VALID;
        } catch (IOException e) {
            err.println("error: cannot write the report in " + dir + ": " + e.getMessage());
            return ChaosMain.EXIT_HARNESS;
        }
    }

    private int index(PrintWriter out, PrintWriter err) {
        if (!Files.isDirectory(resultsDir)) {
            err.println("error: " + resultsDir + " is not a results folder");
            return ChaosMain.EXIT_HARNESS;
        }
        try {
            Path file = IndexPage.rebuild(resultsDir);
            out.println("wrote " + file + " (" + IndexPage.entries(resultsDir).size() + " runs)");
            return ChaosMain.EXIT_VALID;
        } catch (IOException e) {
            err.println("error: cannot write " + resultsDir.resolve(IndexPage.FILE) + ": " + e.getMessage());
            return ChaosMain.EXIT_HARNESS;
        }
    }

    private int compare(PrintWriter out, PrintWriter err) {
        if (dirs.size() != 2) throw usage("--compare needs two run folders, A and B");
        if (index) throw usage("--compare and --index do not go together");
        double fail, flag;
        try {
            fail = failOn == null ? Double.NaN : Comparison.parseThreshold(failOn);
            flag = threshold != null ? Comparison.parseThreshold(threshold) : failOn != null ? fail : 0.20;
        } catch (IllegalArgumentException e) {
            throw usage((failOn != null && threshold == null ? "--fail-on-regression: " : "--threshold/--fail-on-regression: ") + e.getMessage());
        }
        RunSummary a, b;
        try {
            a = summary(dirs.get(0));
            b = summary(dirs.get(1));
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ChaosMain.EXIT_HARNESS;
        }
        RunComparison c = RunComparison.of(a, b, flag);
        out.print(c.text());
        try {
            Path parent = output.toAbsolutePath().getParent();
            Files.writeString(output, ComparePage.render(c, link(parent, dirs.get(0)), link(parent, dirs.get(1))), StandardCharsets.UTF_8);
            out.println("wrote " + output);
        } catch (IOException e) {
            err.println("error: cannot write " + output + ": " + e.getMessage());
            return ChaosMain.EXIT_HARNESS;
        }
        if (failOn == null) return ChaosMain.EXIT_VALID;
        RunComparison gate = RunComparison.of(a, b, fail);
        return gate.regressed() ? ChaosMain.EXIT_INVALID : ChaosMain.EXIT_VALID;
    }

    /** The run's summary.json; written first (with its report) when the folder has none. */
    private static RunSummary summary(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a run folder");
        if (!Files.exists(dir.resolve(RunSummary.FILE))) return RunReport.write(dir);
        try {
            return RunSummary.read(dir).withRun(dir.toRealPath().getFileName().toString());
        } catch (IOException e) {
            throw new IOException(dir.resolve(RunSummary.FILE) + " is unreadable (" + e.getMessage().lines().findFirst().orElse("") + "); rebuild it with bin/chaos report " + dir);
        }
    }

    private static String link(Path from, Path runDir) {
        Path report = runDir.toAbsolutePath().normalize().resolve(RunReport.FILE);
        try {
            return from.normalize().relativize(report).toString();
        } catch (IllegalArgumentException e) {
            return report.toUri().toString();
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
