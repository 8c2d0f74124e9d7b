package dev.chaoskv.chaos.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.chaos.results.JunitReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's junit.xml: one test case per run of the matrix (entry and seed), so CI shows the
 * nightly's verdicts natively. A control run passes when it was caught. Written with the run
 * reports' own {@link JunitReport#render}.
 */
final class SuiteJunit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SuiteJunit() {
    }

    static void write(Path suiteDir, Suite suite, List<RunOutcome> outcomes) throws IOException {
        JunitReport.write(suiteDir.resolve(JunitReport.FILE), "chaos.suite." + suite.name(), cases(suite, outcomes));
    }

    static List<JunitReport.Case> cases(Suite suite, List<RunOutcome> outcomes) {
        List<JunitReport.Case> cases = new ArrayList<>();
        for (RunOutcome o : outcomes) {
            String name = o.run().entry() + " seed " + o.run().seed() + (o.run().control() ? " (control: must be caught)" : "");
            JunitReport.Result result = switch (o.status()) {
                case PASSED, CAUGHT -> JunitReport.Result.PASSED;
                case FAILED, MISSED -> JunitReport.Result.FAILED;
                case UNKNOWN, HARNESS -> JunitReport.Result.ERROR;
                case STOPPED -> JunitReport.Result.SKIPPED;
            };
            String message = o.problem() != null ? o.problem() : o.status() == RunOutcome.Status.STOPPED ? "not run: the suite was stopped" : "";
            cases.add(new JunitReport.Case("chaos.suite." + suite.name(), name, o.durationMs() / 1000.0, result, message,
                    result == JunitReport.Result.FAILED ? sentences(o) : ""));
        }
        return cases;
    }

    /** The checker's sentences of the run's failed checks, for an invalid run. */
    private static String sentences(RunOutcome o) {
        if (o.runDir() == null || !Files.isRegularFile(o.runDir().resolve("verdict.json"))) return "";
        try {
            JsonNode verdict = JSON.readTree(o.runDir().resolve("verdict.json").toFile());
            List<String> out = new ArrayList<>();
            for (JunitReport.Case c : JunitReport.casesOf(verdict, "")) {
                if (c.result() == JunitReport.Result.FAILED && !c.details().isEmpty()) out.add(c.details());
            }
            return String.join("\n", out);
        } catch (IOException e) {
            return "verdict.json unreadable: " + e.getMessage();
        }
    }
}
