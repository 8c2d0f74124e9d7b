package dev.chaoskv.chaos.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs the packaged {@code chaos} (target/chaos.jar) as an operator would, in its own JVM. */
final class ChaosJar {
    private ChaosJar() {
    }

    static Path jar() {
        Path jar = Path.of("target", "chaos.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "integration tests need the packaged " + jar);
        return jar;
    }

    static Process start(Path workDir, Path output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    /** Runs to completion; returns the exit code. Output is in {@code output}. */
    static int run(Path workDir, Path output, Duration timeout, String... args) throws Exception {
        Process p = start(workDir, output, args);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chaos " + String.join(" ", args) + " did not finish within " + timeout + ":\n" + Files.readString(output));
        }
        return p.exitValue();
    }

    /** Live processes whose command line mentions {@code runDir} (the run's kvnodes). */
    static List<ProcessHandle> processesOf(Path runDir) {
        String marker = runDir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(ph -> ph.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    /** The single run folder under {@code results}. */
    static Path onlyRun(Path results) throws IOException {
        try (var s = Files.list(results)) {
            List<Path> runs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("latest")).toList();
            assertTrue(runs.size() == 1, "expected one run folder, got " + runs);
            return runs.get(0);
        }
    }

    /** Waits for the run under {@code results} to be live ({@code .active-run}) and returns its folder. */
    static Path awaitActiveRun(Path results, Path output) throws Exception {
        awaitText(results.resolve(".active-run"), "/", Duration.ofSeconds(60), output);
        return Path.of(Files.readString(results.resolve(".active-run")).trim());
    }

    /** Polls until {@code file} contains {@code text}. */
    static void awaitText(Path file, String text, Duration timeout, Path output) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) return;
            Thread.sleep(100);
        }
        fail("no '" + text + "' in " + file + " within " + timeout + "; output:\n" + Files.readString(output));
    }
}
