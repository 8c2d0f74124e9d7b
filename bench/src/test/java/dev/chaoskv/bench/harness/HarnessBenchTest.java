package dev.chaoskv.bench.harness;

import dev.chaoskv.bench.BenchMain;
import dev.chaoskv.testkit.StdioCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `bench harness` refuses what it cannot measure before starting anything (a real run takes minutes: see BENCHMARKS.md). */
class HarnessBenchTest {
    @RegisterExtension
    final StdioCapture stdio = new StdioCapture();

    @Test
    void nonPositiveCountsAreBadUsage() {
        assertEquals(64, BenchMain.run("harness", "--rounds", "0"));
        assertTrue(stdio.err().startsWith("error: --rounds, --clients and --duration must be positive"), stdio.err());
    }

    @Test
    void aMissingRunnerJarIsNamed(@TempDir Path dir) {
        Path jar = dir.resolve("chaos.jar");
        assertEquals(64, BenchMain.run("harness", "--chaos-jar", jar.toString()));
        assertTrue(stdio.err().startsWith("error: no runner jar at " + jar), stdio.err());
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, HarnessBench.median(new double[] {3, 1, 2}));
        assertEquals(2.5, HarnessBench.median(new double[] {4, 1, 2, 3}));
    }
}
