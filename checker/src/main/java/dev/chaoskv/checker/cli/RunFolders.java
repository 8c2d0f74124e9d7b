package dev.chaoskv.checker.cli;

import dev.chaoskv.checker.Checker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What `checker check PATH...` checks: each PATH, except that a folder of run folders stands for those. */
final class RunFolders {
    private RunFolders() {
    }

    /**
     * The runs to check, in order: each input as given, except a folder that holds no history
     * but whose subfolders do (a results folder), which becomes those subfolders sorted by name.
     * Symbolic links among them are skipped (results/latest points at a run already listed).
     * Anything else, missing paths included, is kept, for the check to report.
     */
    static List<Path> expand(List<Path> inputs) {
        List<Path> runs = new ArrayList<>();
        for (Path input : inputs) {
            List<Path> children = Files.isDirectory(input) && !holdsHistory(input) ? runFoldersIn(input) : List.of();
            if (children.isEmpty()) {
                runs.add(input);
            } else {
                runs.addAll(children);
            }
        }
        return runs;
    }

    static boolean holdsHistory(Path dir) {
        return Files.exists(dir.resolve(Checker.HISTORY)) || Files.exists(dir.resolve(Checker.HISTORY_EDN));
    }

    private static List<Path> runFoldersIn(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !Files.isSymbolicLink(p) && Files.isDirectory(p) && holdsHistory(p))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of(); // unreadable: checked as given, which names the problem
        } catch (UncheckedIOException e) {
            return List.of();
        }
    }
}
