package dev.chaoskv.checker;

import dev.chaoskv.checker.convergence.ConvergenceChecker;
import dev.chaoskv.checker.convergence.ConvergenceResult;
import dev.chaoskv.checker.convergence.TimeToConverge;
import dev.chaoskv.checker.durability.DurabilityChecker;
import dev.chaoskv.checker.durability.DurabilityResult;
import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.linear.LinearizabilityChecker;
import dev.chaoskv.checker.linear.LinearizabilityResult;
import dev.chaoskv.checker.state.FinalState;
import dev.chaoskv.checker.state.LagSample;
import dev.chaoskv.checker.state.StateFiles;
import dev.chaoskv.checker.stats.OperationStats;
import dev.chaoskv.checker.verdict.Validity;
import dev.chaoskv.checker.verdict.Verdict;
import dev.chaoskv.checker.verdict.VerdictJson;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checker's one entry point, for the CLI and for the chaos runner:
 * <pre>
 *   Verdict v = new Checker().check(runDir, CheckOptions.defaults());
 *   Checker.writeResults(v, runDir);   // verdict.json + latency-*.hgrm
 *   System.exit(v.exitCode());
 * </pre>
 */
public final class Checker {
    public static final String HISTORY = "history.jsonl";
    /** A Jepsen store folder's history, used when a folder has no {@link #HISTORY}. */
    public static final String HISTORY_EDN = "history.edn";
    public static final String FINAL = "final.json";
    public static final String LAG = "lag.jsonl";
    public static final String VERDICT = "verdict.json";
    /**
     * The fault ledger a chaos run writes first thing: a folder holding it is a run folder, whose
     * final.json must exist unless the run stopped early (then durability and convergence are
     * unknown, not skipped).
     */
    public static final String RUN_LEDGER = "faults.jsonl";
    /** The warning, and the reason for "unknown", when a history holds no client operations. */
    public static final String NO_OPERATIONS = "no operations: the history holds no client operations, so nothing"
            + " was checked";

    /**
     * Checks a run folder (history.jsonl, optional final.json and lag.jsonl) or a history file
     * (final.json and lag.jsonl are then taken from the same folder when present).
     *
     * @throws CheckerInputException the input is missing or malformed (exit code 3)
     */
    public Verdict check(Path runDirOrHistoryFile, CheckOptions options) throws CheckerInputException {
        long start = System.nanoTime();
        Path history = Files.isDirectory(runDirOrHistoryFile) ? historyIn(runDirOrHistoryFile) : runDirOrHistoryFile;
        if (!Files.isRegularFile(history)) {
            throw new CheckerInputException("no history file at " + history);
        }
        Path dir = history.toAbsolutePath().getParent();
        Path finalFile = options.finalState() != null ? options.finalState() : dir.resolve(FINAL);
        Path lagFile = options.lag() != null ? options.lag() : dir.resolve(LAG);
        if (options.finalState() != null && !Files.isRegularFile(finalFile)) {
            throw new CheckerInputException("no final state file at " + finalFile);
        }
        if (options.lag() != null && !Files.isRegularFile(lagFile)) {
            throw new CheckerInputException("no lag file at " + lagFile);
        }
        History h = HistoryInput.read(history);
        FinalState fs = Files.isRegularFile(finalFile) ? StateFiles.readFinal(finalFile) : null;
        List<LagSample> lag = Files.isRegularFile(lagFile) ? StateFiles.readLag(lagFile) : List.of();
        boolean runFolder = Files.isRegularFile(dir.resolve(RUN_LEDGER));
        return check(h, fs, runFolder, lag, options, history.toString(), start);
    }

    private static Path historyIn(Path dir) {
        Path jsonl = dir.resolve(HISTORY);
        Path edn = dir.resolve(HISTORY_EDN);
        return !Files.exists(jsonl) && Files.isRegularFile(edn) ? edn : jsonl;
    }

    /**
     * Checks an in-memory history. {@code finalState} may be null (durability and convergence are
     * then skipped); {@code lag} may be empty.
     */
    public Verdict check(History history, FinalState finalState, List<LagSample> lag, CheckOptions options,
                         String source) {
        return check(history, finalState, false, lag, options, source, System.nanoTime());
    }

    private Verdict check(History history, FinalState finalState, boolean finalStateExpected, List<LagSample> lag,
                          CheckOptions options, String source, long start) {
        long deadline = start + options.timeLimit().toNanos();
        List<String> warnings = new ArrayList<>(history.warnings());
        OperationStats stats = OperationStats.of(history.operations());
        DurabilityResult durability = durability(history, finalState, finalStateExpected);
        TimeToConverge ttc = TimeToConverge.compute(lag, history.lastHealTime());
        ConvergenceResult convergence = finalState != null ? new ConvergenceChecker().check(finalState, ttc)
                : finalStateExpected ? ConvergenceResult.couldNotRun(MISSING_FINAL, ttc)
                : ConvergenceResult.skipped("no " + FINAL, ttc);
        LinearizabilityResult linear = new LinearizabilityChecker().check(history.operations(),
                new LinearizabilityChecker.Options(deadline, searchBudget(options.memoryLimitBytes()),
                        options.threads(), options.stopAtFirstViolation()));
        Validity overall = Verdict.combine(durability, convergence, linear);
        if (history.operations().isEmpty()) {
            // Nothing was checked, so nothing was shown to be safe; a proven finding still stands.
            warnings.add(NO_OPERATIONS);
            overall = overall == Validity.INVALID ? Validity.INVALID : Validity.UNKNOWN;
        }
        return new Verdict(overall, source, history.operations().size(), durability, convergence, linear, stats,
                warnings, System.nanoTime() - start);
    }

    private static final String MISSING_FINAL = "could not run: no " + FINAL
            + " (the run stopped before the final state was read)";

    private static DurabilityResult durability(History history, FinalState finalState, boolean expected) {
        if (finalState == null) {
            return expected ? DurabilityResult.couldNotRun(MISSING_FINAL) : DurabilityResult.skipped("no " + FINAL);
        }
        // A final state without data to compare with proves nothing about durability.
        return finalState.authoritativeData()
                .map(data -> new DurabilityChecker().check(history.operations(), data, finalState.authoritySource()))
                .orElseGet(() -> DurabilityResult.couldNotRun("could not run: " + FINAL
                        + " has neither a reachable leader nor leaderRead"));
    }

    /** The memo budget: the requested limit, but no more than 60% of the heap still free (at least 16 MiB). */
    static long searchBudget(long requested) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return Math.min(requested, Math.max(16L << 20, (long) (free * 0.6)));
    }

    /** Writes verdict.json and one latency-&lt;f&gt;-&lt;outcome&gt;.hgrm per operation and outcome into {@code dir}. */
    public static void writeResults(Verdict verdict, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(VERDICT), VerdictJson.render(verdict), StandardCharsets.UTF_8);
        for (Map.Entry<Fn, Map<Outcome, Histogram>> e : verdict.stats().latency().entrySet()) {
            for (Map.Entry<Outcome, Histogram> h : e.getValue().entrySet()) {
                Files.writeString(dir.resolve(OperationStats.fileName(e.getKey(), h.getKey())),
                        OperationStats.hgrm(h.getValue()), StandardCharsets.UTF_8);
            }
        }
    }
}
