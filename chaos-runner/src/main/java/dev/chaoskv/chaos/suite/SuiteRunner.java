package dev.chaoskv.chaos.suite;

import dev.chaoskv.chaos.results.html.IndexPage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a suite's runs one after another into one suite folder, then writes its summary
 * (suite.json and the printed table), its junit.xml (a case per run) and the folder's index.html. Each run
 * is a whole {@code chaos run} (its own cluster, Toxiproxy and results folder), started through a
 * {@link Launcher}, so this class holds only the order and the bookkeeping.
 */
public final class SuiteRunner {

    /** Starts one run with its results folder inside {@code suiteDir}; returns its exit code and folder. */
    public interface Launcher {
        Launched launch(Suite.Run run, Path suiteDir);
    }

    /** @param runDir null if the run failed before creating its folder */
    public record Launched(int exitCode, Path runDir) {
    }

    /** The suite's folder and how its runs went. */
    public record Result(Path suiteDir, List<RunOutcome> outcomes, int exitCode) {
    }

    private final Launcher launcher;
    private final PrintStream out;

    public SuiteRunner(Launcher launcher, PrintStream out) {
        this.launcher = launcher;
        this.out = out;
    }

    /** Creates {@code <resultsDir>/<stamp>-suite-<name>/} and runs every run into it. */
    public Result run(Suite suite, Path resultsDir) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        Path suiteDir = Files.createDirectories(resultsDir.toAbsolutePath().resolve(stamp + "-suite-" + suite.name()));
        Instant start = Instant.now();
        List<RunOutcome> outcomes = new ArrayList<>();
        out.printf("suite %s (%s): %d run(s) into %s%n", suite.name(), suite.source(), suite.runs().size(), suiteDir);
        boolean stopped = false;
        int i = 0;
        for (Suite.Run r : suite.runs()) {
            i++;
            if (stopped) {
                outcomes.add(RunOutcome.notRun(r));
                continue;
            }
            out.printf("%n=== [%d/%d] %s, seed %d%s: chaos run %s%n", i, suite.runs().size(), r.entry(), r.seed(),
                    r.control() ? " (control run: must be caught)" : "", String.join(" ", r.args()));
            long t0 = System.nanoTime();
            Launched l = launcher.launch(r, suiteDir);
            RunOutcome o = new RunOutcome(r, l.exitCode(), l.runDir(), (System.nanoTime() - t0) / 1_000_000);
            outcomes.add(o);
            out.printf("=== [%d/%d] %s, seed %d: %s (%s)%n", i, suite.runs().size(), r.entry(), r.seed(), o.verdict(),
                    o.status().label());
            stopped = o.status() == RunOutcome.Status.STOPPED;
            // Written after every run, so a suite that dies half-way still says what it did.
            SuiteSummary.write(suiteDir, suite, start, Instant.now(), outcomes);
        }
        Instant end = Instant.now();
        SuiteSummary.write(suiteDir, suite, start, end, outcomes);
        SuiteJunit.write(suiteDir, suite, outcomes);
        IndexPage.rebuild(suiteDir);
        out.println();
        out.print(SuiteSummary.table(suite, suiteDir, end.toEpochMilli() - start.toEpochMilli(), outcomes));
        return new Result(suiteDir, outcomes, SuiteVerdict.exitCode(outcomes));
    }

    /** {@code --dry-run}: the expanded matrix and an estimate of its length; starts nothing. */
    public static String matrix(Suite suite) {
        StringBuilder b = new StringBuilder();
        long loadMs = suite.runs().stream().mapToLong(Suite.Run::timeLimitMs).sum();
        long controls = suite.runs().stream().filter(Suite.Run::control).count();
        b.append(String.format("suite %s (%s): %d run(s), %d control run(s), %s of load (each run adds about 15 s to start,"
                + " heal and check)%n", suite.name(), suite.source(), suite.runs().size(), controls,
                SuiteSummary.duration(loadMs)));
        int width = Math.max(5, suite.runs().stream().mapToInt(r -> r.entry().length()).max().orElse(5));
        b.append(String.format("  %3s  %-" + width + "s  %6s  %-7s  %s%n", "#", "entry", "seed", "expect", "chaos run arguments"));
        int i = 1;
        for (Suite.Run r : suite.runs()) {
            b.append(String.format("  %3d  %-" + width + "s  %6d  %-7s  %s%n", i++, r.entry(), r.seed(), r.expect().wireName(),
                    String.join(" ", r.args())));
        }
        return b.toString();
    }
}
