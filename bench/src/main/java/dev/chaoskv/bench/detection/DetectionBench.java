package dev.chaoskv.bench.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.chaos.cli.SuiteCommand;
import dev.chaoskv.chaos.suite.SuiteFileException;
import dev.chaoskv.chaos.suite.SuiteSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/bench detection}: runs the detection suite (every unsafe kvnode mode with the fault
 * that should expose it, over several seeds) and reports per mode the fraction of runs caught and
 * the median time from the first fault to the first violating operation.
 */
@Command(name = "detection", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs suites/detection.yml (each unsafe kvnode mode with the fault that should expose it,",
                "10 seeds of 30 s each: about 35 minutes) and reports per mode the fraction of runs caught",
                "and the median time from the first fault to the first violating operation.",
                "A run whose harness failed (no verdict) is counted apart, not as missed.",
                "--from analyses a suite folder that already ran instead."})
public final class DetectionBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--suite", paramLabel = "FILE", defaultValue = "suites/detection.yml", description = "The suite to run (default: ${DEFAULT-VALUE}).")
    Path suite;

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "results", description = "Where its suite folder goes (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--from", paramLabel = "SUITE-DIR", description = "Analyse this suite folder (with suite.json) instead of running the suite.")
    Path from;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = from;
        if (dir == null) {
            try {
                dir = SuiteCommand.run(suite, resultsDir, List.of()).suiteDir();
            } catch (SuiteFileException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--suite: " + e.getMessage());
            }
        } else if (!Files.isRegularFile(dir.resolve(SuiteSummary.FILE))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from: no " + SuiteSummary.FILE + " in " + dir);
        }
        List<RunDetection> runs = read(dir);
        System.out.println();
        System.out.println("detection power (" + dir + "):");
        System.out.print(DetectionReport.render(DetectionReport.modes(runs)));
        return 0;
    }

    /** Every run of a suite folder that ran, from its suite.json and run folders. */
    static List<RunDetection> read(Path suiteDir) throws IOException {
        JsonNode summary = JSON.readTree(suiteDir.resolve(SuiteSummary.FILE).toFile());
        List<RunDetection> out = new ArrayList<>();
        for (JsonNode r : summary.path("runs")) {
            if (r.path("exitCode").asInt() < 0) continue; // never started
            int exit = r.path("exitCode").asInt();
            String entry = r.path("entry").asText();
            long seed = r.path("seed").asLong();
            JsonNode runDir = r.path("runDir");
            out.add(runDir.isTextual() ? RunDetection.read(entry, seed, exit, suiteDir.resolve(runDir.asText()))
                    : new RunDetection(entry, seed, exit, java.util.OptionalLong.empty(), java.util.OptionalLong.empty()));
        }
        return out;
    }
}
