package dev.chaoskv.chaos.run;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps what a failed integration test worked in: every folder held by a {@code Path} field of
 * the test instance (its {@code @TempDir} with the run's results folder and node logs) is copied
 * to {@code target/it-failures/<class>/<test>/}, where CI keeps it. Nodes' data folders and jars
 * are left out: the logs and results explain a failure, and they stay small.
 *
 * <p>An {@link AfterTestExecutionCallback}, not a {@code TestWatcher}: it runs right after the
 * test method, before {@code @AfterEach} and before JUnit deletes the {@code @TempDir}, whereas a
 * watcher is told of the failure only once both have happened.
 */
public final class KeepFoldersOnFailure implements AfterTestExecutionCallback {
    /** Relative to the module, where Maven runs its tests. */
    static final Path ROOT = Path.of("target", "it-failures");

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) return;
        Path into = ROOT.resolve(context.getRequiredTestClass().getSimpleName())
                .resolve(safeName(context.getRequiredTestMethod().getName() + " " + context.getDisplayName()));
        for (Path folder : folders(context.getRequiredTestInstance())) {
            copy(folder, into.resolve(folder.getFileName().toString()));
        }
        System.err.println("kept the folders of the failed test in " + into.toAbsolutePath());
    }

    /** The existing folders the test's Path fields hold. */
    static List<Path> folders(Object test) {
        List<Path> out = new ArrayList<>();
        for (Class<?> c = test.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() != Path.class || Modifier.isStatic(f.getModifiers())) continue;
                try {
                    f.setAccessible(true);
                    Path p = (Path) f.get(test);
                    if (p != null && Files.isDirectory(p)) out.add(p);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // a field we cannot read holds nothing we can keep
                }
            }
        }
        return out;
    }

    /** Best effort: files may still be written or removed by processes of the test. */
    static void copy(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            s.filter(p -> !skipped(from.relativize(p))).forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    // gone or unreadable: keep the rest
                }
            });
        } catch (IOException | RuntimeException e) {
            System.err.println("could not keep " + from + ": " + e);
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("data")) return true;
        }
        return relative.toString().endsWith(".jar");
    }

    private static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
