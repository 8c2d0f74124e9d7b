package dev.chaoskv.checker.cli;

import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.gen.GeneratedRun;
import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.gen.StaleReadPlanter;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryWriter;
import dev.chaoskv.checker.state.StateFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run that bin/checker records its class-data archive from (bin/_launch.sh): it
 * checks two small generated runs, one valid and one with stale reads, the way a user's
 * {@code checker check} would (history, final.json, lag.jsonl, a nemesis event, verdict.json and
 * histograms written), both alone and as a batch, so that the classes of those paths are loaded
 * and verified once, at recording time, instead of at every start. Writes only to a temporary
 * folder, which it removes; prints nothing.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Files.createTempDirectory("checker-cds-training");
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        try {
            Path valid = run(root.resolve("valid"), 0);
            Path invalid = run(root.resolve("invalid"), 3);
            CheckerMain.run("check", valid.toString());
            CheckerMain.run("check", "--no-write", invalid.resolve(Checker.HISTORY).toString());
            CheckerMain.run("check", "--no-write", root.toString());
            CheckerMain.run("check", "--help");
        } finally {
            System.setOut(out);
            deleteTree(root);
        }
    }

    /** A generated run folder; {@code staleReads} > 0 plants that many stale reads (an invalid history). */
    private static Path run(Path dir, int staleReads) throws IOException {
        Files.createDirectories(dir);
        GeneratedRun run = RegisterHistoryGenerator.generate(GeneratorConfig.of(2_000, 10, 8, 0.01, 1));
        History history = run.history();
        if (staleReads > 0) {
            history = History.of(StaleReadPlanter.plant(history.operations(), staleReads).operations());
        }
        Path file = dir.resolve(Checker.HISTORY);
        HistoryWriter.write(history, file);
        Files.writeString(file, "{\"index\":999999,\"time\":1,\"process\":\"nemesis\",\"type\":\"info\","
                + "\"f\":\"start-partition\",\"value\":{\"kind\":\"halves\",\"nodes\":[\"n1\"]}}\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        StateFiles.writeFinal(run.finalState(), dir.resolve(Checker.FINAL));
        Files.writeString(dir.resolve(Checker.LAG), "{\"time\":1000,\"node\":\"n1\",\"role\":\"LEADER\",\"term\":1,"
                + "\"lastLsn\":5,\"commitLsn\":5,\"appliedLsn\":5}\n{\"time\":1000,\"node\":\"n2\",\"error\":\"down\"}\n",
                StandardCharsets.UTF_8);
        return dir;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
