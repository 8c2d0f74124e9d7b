package dev.chaoskv.checker.cli;

import dev.chaoskv.common.DurationParser;
import dev.chaoskv.checker.CheckOptions;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.verdict.Summary;
import dev.chaoskv.checker.verdict.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = CheckerMain.EXIT_USAGE,
        exitCodeOnExecutionException = CheckerMain.EXIT_BAD_INPUT,
        description = {"Check a run: durability of acknowledged writes, convergence of nodes after heal,",
                "linearizability per key. Prints a summary and writes verdict.json and latency-*.hgrm.",
                "",
                "Several runs (several PATHs, or a folder of run folders such as results/) are checked in one",
                "JVM, one after the other: one line each (VALID, INVALID, UNKNOWN or BAD INPUT, the path, and",
                "the checks that were not valid), then a summary line. Each run folder gets its own",
                "verdict.json. The exit code is the worst: invalid (1), then bad input (3), then unknown (2),",
                "then valid (0). --time-limit applies to each run; --final, --lag and --out take one run.",
                ""})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "A results folder (history.jsonl, optional final.json, lag.jsonl) or a history file;"
                    + " final.json and lag.jsonl beside a history file are used when present. Jepsen EDN histories"
                    + " (history.edn, or a folder holding one) are read too. A folder without a history whose"
                    + " subfolders hold one (results/) stands for those run folders.")
    List<Path> inputs;

    @Spec
    CommandSpec spec;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "60s", converter = DurationParser.class,
            description = "Wall-time bound; keys the linearizability search has not finished by then are"
                    + " reported unknown (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = "2g", converter = Sizes.ByteSizeConverter.class,
            description = "Memory bound of the linearizability search, all keys together; also capped at 60%%"
                    + " of the free heap (default: ${DEFAULT-VALUE}). Set the heap with JAVA_OPTS=-Xmx...")
    long memoryLimit;

    @Option(names = "--threads", paramLabel = "N", description = "Keys searched in parallel (default: number of CPUs).")
    Integer threads;

    @Option(names = "--all-violations",
            description = "Check every key even after one is proven non-linearizable (default: stop at the first).")
    boolean allViolations;

    @Option(names = "--final", paramLabel = "FILE", description = "Final state file to use.")
    Path finalState;

    @Option(names = "--lag", paramLabel = "FILE", description = "Lag samples file to use.")
    Path lag;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Where to write verdict.json and latency-*.hgrm (default: the run folder).")
    Path out;

    @Option(names = "--no-write", description = "Print the summary only; write no files.")
    boolean noWrite;

    @Override
    public Integer call() throws CheckerInputException, IOException {
        List<Path> runs = RunFolders.expand(inputs);
        if (runs.size() == 1) {
            return checkOne(runs.get(0));
        }
        if (finalState != null || lag != null || out != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--final, --lag and --out take one run, but " + runs.size() + " were given");
        }
        return new BatchCheck(System.out, this::checkForBatch).run(runs);
    }

    private CheckOptions options() {
        CheckOptions options = CheckOptions.defaults().withTimeLimit(timeLimit).withMemoryLimit(memoryLimit)
                .withStopAtFirstViolation(!allViolations).withFinalState(finalState).withLag(lag);
        return threads != null ? options.withThreads(threads) : options;
    }

    /** One run of a batch: its verdict, written beside it unless --no-write. */
    private Verdict checkForBatch(Path input) throws CheckerInputException {
        if (!Files.exists(input)) {
            throw new CheckerInputException("no such file or folder: " + input);
        }
        Verdict verdict = new Checker().check(input, options());
        if (!noWrite) {
            Path dir = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
            try {
                Checker.writeResults(verdict, dir);
            } catch (IOException e) {
                throw new CheckerInputException(cannotWrite(e, dir), e);
            }
        }
        return verdict;
    }

    private int checkOne(Path input) throws CheckerInputException {
        if (!Files.exists(input)) {
            throw new CheckerInputException("no such file or folder: " + input);
        }
        Verdict verdict = new Checker().check(input, options());
        System.out.print(Summary.render(verdict));
        if (!noWrite) {
            Path dir = out != null ? out
                    : Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
            try {
                Checker.writeResults(verdict, dir);
            } catch (IOException e) {
                System.err.println(cannotWrite(e, dir));
                return CheckerMain.EXIT_BAD_INPUT;
            }
            System.out.println("wrote " + dir.resolve(Checker.VERDICT));
        }
        return verdict.exitCode();
    }

    /** One line naming what could not be written and why: "cannot write /x/verdict.json: Permission denied". */
    static String cannotWrite(IOException e, Path dir) {
        if (!(e instanceof FileSystemException f)) {
            return "cannot write " + dir.resolve(Checker.VERDICT) + ": " + e.getMessage();
        }
        String path = f.getFile() != null ? f.getFile() : dir.toString();
        String reason = f.getReason() != null ? f.getReason()
                : e instanceof AccessDeniedException ? "Permission denied"
                : e instanceof NoSuchFileException ? "No such file or directory"
                : e instanceof FileAlreadyExistsException ? "exists and is not a directory"
                : e instanceof NotDirectoryException ? "Not a directory"
                : e.getClass().getSimpleName();
        return "cannot write " + path + ": " + reason;
    }
}
