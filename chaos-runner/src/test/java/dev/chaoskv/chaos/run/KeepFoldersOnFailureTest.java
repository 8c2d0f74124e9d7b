package dev.chaoskv.chaos.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed test's run folder and node logs survive under target/it-failures; a passed test leaves nothing. */
class KeepFoldersOnFailureTest {
    /** Stands for an integration test whose @TempDir holds a run. */
    static final class SomeIT {
        Path work;
    }

    @TempDir
    Path work;

    @Test
    void aFailedTestsFolderIsCopiedWithoutNodeDataAndAPassedOneIsNot() throws Exception {
        Path run = work.resolve("results/20260101T000000-run");
        Files.createDirectories(run.resolve("nodes/n1/data"));
        Files.writeString(run.resolve("history.jsonl"), "{}\n");
        Files.writeString(run.resolve("nodes/n1/node.log"), "error: cannot listen\n");
        Files.writeString(run.resolve("nodes/n1/data/wal-0"), "x");
        SomeIT test = new SomeIT();
        test.work = work;
        Path kept = KeepFoldersOnFailure.ROOT.resolve("SomeIT");
        deleteTree(kept);

        new KeepFoldersOnFailure().afterTestExecution(context(test, null));
        assertFalse(Files.exists(kept), "a passed test keeps nothing");

        new KeepFoldersOnFailure().afterTestExecution(context(test, new AssertionError("boom")));
        Path copy = kept.resolve("runs_runs_").resolve(work.getFileName().toString()).resolve("results/20260101T000000-run");
        try {
            assertEquals("error: cannot listen\n", Files.readString(copy.resolve("nodes/n1/node.log")));
            assertTrue(Files.exists(copy.resolve("history.jsonl")));
            assertFalse(Files.exists(copy.resolve("nodes/n1/data")), "node data is left out");
        } finally {
            deleteTree(kept);
        }
    }

    /** The few answers of an ExtensionContext the extension asks for. */
    private static ExtensionContext context(SomeIT test, Throwable failure) throws NoSuchMethodException {
        Method method = KeepFoldersOnFailureTest.class.getDeclaredMethod("runs");
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[]{ExtensionContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getExecutionException" -> Optional.ofNullable(failure);
                    case "getRequiredTestInstance" -> test;
                    case "getRequiredTestClass" -> SomeIT.class;
                    case "getRequiredTestMethod" -> method;
                    case "getDisplayName" -> "runs()";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @SuppressWarnings("unused")
    private void runs() {
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
