package dev.chaoskv.checker.cli;

import dev.chaoskv.testkit.StdioCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The run bin/checker records its class-data archive from: silent, and it leaves nothing behind. */
class CdsTrainingTest {
    @RegisterExtension
    final StdioCapture stdio = new StdioCapture();

    @Test
    void runsTheCheckPathsSilentlyAndRemovesItsFolder() throws Exception {
        long before = trainingFolders();
        CdsTraining.main(new String[0]);
        assertEquals("", stdio.out());
        assertEquals("", stdio.err());
        assertEquals(before, trainingFolders());
    }

    private static long trainingFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("checker-cds-training")).count();
        }
    }
}
